import type { Doubt } from "../../model/rule";
import { INSTANCES, managedTemplates, MANAGERS, readMachine, TEMPLATES, type Machine, type NetworkInterface } from "../../shapes/gcp/compute";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { GcpIndex } from "./index";
import { networkLink, type NetworkLink } from "./networks";

/** One network interface of an instance, or of the instances a managed group launches from a template. */
export interface GcpHost {
  /** The instance or the managed instance group. */
  readonly view: ResourceView;
  readonly template?: ResourceView;
  readonly name: string;
  readonly machine: Machine;
  readonly nic?: NetworkInterface;
  readonly link: NetworkLink;
}

function placed(index: GcpIndex, view: ResourceView, machineView: ResourceView, template?: ResourceView): GcpHost[] {
  const machine = readMachine(machineView);
  const base = template ? `${resourceLabel(view)} (template ${resourceLabel(template)})` : resourceLabel(view);
  if (machine.interfaces === "unknown") {
    const doubt: Doubt = { kind: "unknown", field: `${machineView.name} networkInterfaces`, detail: `the network interfaces of ${resourceLabel(machineView)} are not known at preview` };
    return [{ view, template, name: base, machine, link: { networks: [], doubt } }];
  }
  const many = machine.interfaces.length > 1;
  return machine.interfaces.map((nic) => ({ view, template, name: many ? `${base} ${nic.path}` : base, machine, nic, link: networkLink(index, machineView, nic.network, nic.subnetwork) }));
}

/** Every instance interface of the stack (Instance, InstanceFromTemplate, InstanceFromMachineImage), and those of the templates managed instance groups launch. */
export function hostsOf(index: GcpIndex): GcpHost[] {
  const instances = index.ofType(...INSTANCES).flatMap((v) => placed(index, v, v));
  const managed = index.ofType(...MANAGERS).flatMap((manager) =>
    managedTemplates(manager)
      .flatMap((f) => index.refs(manager, f, TEMPLATES).targets)
      .flatMap((template) => placed(index, manager, template, template)),
  );
  return [...instances, ...managed];
}
