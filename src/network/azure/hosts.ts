import type { Doubt } from "../../model/rule";
import { configuredInterfaces, nicShape, vmNicLinks, type InterfaceShape } from "../../shapes/azure/links";
import { NATIVE, NIC_TYPES, NSG_TYPES, SCALE_SET_TYPES, VM_TYPES } from "../../shapes/azure/types";
import { resourceLabel, type ResourceView } from "../../shapes/resource";
import type { AzureIndex, SubnetNode } from "./azureIndex";

/** Something NSGs guard: a network interface (with the VMs that use it), or an interface configuration of a scale set or of a VM that creates its own NICs. */
export interface AzureHost {
  readonly view: ResourceView;
  readonly name: string;
  readonly shape: InterfaceShape;
  /** The NSGs on the interface itself. */
  readonly nsgs: readonly ResourceView[];
  readonly subnets: readonly SubnetNode[];
  readonly vms: readonly ResourceView[];
  readonly doubts: readonly Doubt[];
}

function vmsByNic(index: AzureIndex): Map<ResourceView, ResourceView[]> {
  return index.stack.referrers("azure vm->nic", VM_TYPES, (vm) => vmNicLinks(vm).flatMap((link) => index.resolve(vm, link, NIC_TYPES, "a network interface").targets));
}

function host(index: AzureIndex, view: ResourceView, shape: InterfaceShape, name: string, vms: readonly ResourceView[], associated: readonly ResourceView[]): AzureHost {
  const set = shape.nsg ? index.resolve(view, shape.nsg, NSG_TYPES, "the NSG") : { targets: [] };
  const subnets = shape.subnets.map((link) => index.resolveSubnets(view, link));
  const doubts = [set.doubt, ...subnets.map((s) => s.doubt)].filter((d): d is Doubt => d !== undefined);
  return { view, name, shape, nsgs: [...new Set([...set.targets, ...associated])], subnets: [...new Set(subnets.flatMap((s) => s.targets))], vms, doubts };
}

/** Every host of the stack: network interfaces, and each interface configuration of a scale set or VM. */
export function azureHosts(index: AzureIndex): AzureHost[] {
  const vms = vmsByNic(index);
  const nics = NIC_TYPES.flatMap((t) => index.stack.ofType(t)).map((nic) => {
    const users = vms.get(nic) ?? [];
    const name = users.length > 0 ? `${resourceLabel(nic)} (of ${users.map(resourceLabel).join(", ")})` : resourceLabel(nic);
    return host(index, nic, nicShape(nic)!, name, users, index.nicAssociations.get(nic) ?? []);
  });
  const configured = [...SCALE_SET_TYPES, NATIVE.vm].flatMap((t) => index.stack.ofType(t)).flatMap((owner) =>
    configuredInterfaces(owner).map((shape, i, all) => host(index, owner, shape, all.length > 1 ? `${resourceLabel(owner)} (interface configuration ${i})` : resourceLabel(owner), [], [])),
  );
  return [...nics, ...configured];
}
