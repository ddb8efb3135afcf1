import type { Doubt } from "../../model/rule";
import { display } from "../../model/values";
import type { Field } from "../../shapes/fields";
import type { GcpRule } from "../../shapes/gcp/rules";
import { INSTANCES, managedTemplates, MANAGERS, readMachine, TEMPLATES, type Machine, type NetworkInterface } from "../../shapes/gcp/compute";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { GcpIndex } from "./index";
import { networkLink, type NetworkLink, type NetworkRef } from "./networks";

/** One network interface of an instance, or of the instances a managed group launches from a template. */
export interface GcpHost {
  /** The instance or the managed instance group; for an instance outside the stack, a stand-in that holds only its region. */
  readonly view: ResourceView;
  readonly template?: ResourceView;
  readonly name: string;
  readonly machine: Machine;
  readonly nic?: NetworkInterface;
  readonly link: NetworkLink;
  /** An instance the stack does not show (outsideHosts); `anyAccount`: it may run as any service account. */
  readonly outside?: { readonly anyAccount: boolean };
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

/**
 * Instances of the network that the stack does not show, which the rule reaches all the same: GCP
 * applies a rule with no targets to every instance of its network, and one with target tags or
 * service accounts to every instance that has one, wherever it was made. One instance per target
 * tag (or account) stands for them: it has that tag and no other, which the rules targeting other
 * tags (allows and denies only: VPC firewall rules) then miss, and, unless the rule targets
 * accounts, any service account, which a rule targeting accounts (a policy's goto_next too) may or
 * may not match. `region`: the judged rule's, which its instances share (a regional policy's).
 */
export function outsideHosts(rule: GcpRule, network: NetworkRef, region: unknown): GcpHost[] {
  const { tags, serviceAccounts } = rule.targets;
  const view: ResourceView = { urn: "", type: "", name: "", props: { region }, propertyDependencies: {} };
  const host = (what: string, machineTags: readonly Field[], serviceAccount: Field): GcpHost => ({
    view,
    name: `an instance of ${network.label} that this stack does not show${what}`,
    machine: { interfaces: [], tags: machineTags, serviceAccount },
    link: { networks: [network] },
    outside: { anyAccount: serviceAccounts.length === 0 },
  });
  const anyAccount: Field = { path: "serviceAccount.email", value: "" };
  if (tags.length > 0) return tags.map((tag) => host(` (network tag ${display(tag.value)})`, [tag], anyAccount));
  if (serviceAccounts.length > 0) return serviceAccounts.map((account) => host(` (service account ${display(account.value)})`, [], account));
  return [host("", [], anyAccount)];
}
