import * as fs from "fs";
import { resourceFields, type Fields, type Kind } from "../../harness/providerSchema";

/**
 * A Terraform state (format v4, or `terraform show -json`) as the `pulumi stack export` Pulumi's
 * AWS bridge would write for the same resources: the bridge stores the values the Terraform
 * provider wrote, under the names @pulumi/aws gives them. Names come from the schema read off the
 * package's typings (harness/providerSchema.ts), so no renaming table has to be kept by hand.
 */
const TOKENS: Record<string, string> = {
  aws_vpc: "aws:ec2/vpc:Vpc",
  aws_default_vpc: "aws:ec2/defaultVpc:DefaultVpc",
  aws_subnet: "aws:ec2/subnet:Subnet",
  aws_security_group: "aws:ec2/securityGroup:SecurityGroup",
  aws_default_security_group: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  aws_security_group_rule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  aws_vpc_security_group_ingress_rule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  aws_vpc_security_group_egress_rule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  aws_network_acl: "aws:ec2/networkAcl:NetworkAcl",
  aws_default_network_acl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
  aws_network_acl_rule: "aws:ec2/networkAclRule:NetworkAclRule",
  aws_network_acl_association: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
  aws_instance: "aws:ec2/instance:Instance",
  aws_network_interface: "aws:ec2/networkInterface:NetworkInterface",
  aws_launch_template: "aws:ec2/launchTemplate:LaunchTemplate",
  aws_autoscaling_group: "aws:autoscaling/group:Group",
  aws_route_table: "aws:ec2/routeTable:RouteTable",
  aws_default_route_table: "aws:ec2/defaultRouteTable:DefaultRouteTable",
  aws_route: "aws:ec2/route:Route",
  aws_route_table_association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  aws_internet_gateway: "aws:ec2/internetGateway:InternetGateway",
  aws_nat_gateway: "aws:ec2/natGateway:NatGateway",
  aws_eip: "aws:ec2/eip:Eip",
  aws_vpc_endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  aws_networkfirewall_firewall: "aws:networkfirewall/firewall:Firewall",
  aws_networkfirewall_firewall_policy: "aws:networkfirewall/firewallPolicy:FirewallPolicy",
  aws_networkfirewall_rule_group: "aws:networkfirewall/ruleGroup:RuleGroup",
  aws_s3_bucket: "aws:s3/bucket:Bucket",
};

type Props = Record<string, unknown>;

export interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly custom: true;
  readonly id: string;
  readonly inputs: Props;
  readonly outputs: Props;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
}

export interface StackExport {
  readonly version: 3;
  readonly deployment: { readonly resources: ExportedResource[] };
}

/** One managed resource instance, whichever of the two formats it came from. */
interface Instance {
  readonly module: string;
  readonly type: string;
  readonly name: string;
  readonly key?: string | number;
  readonly attributes: Props;
  readonly dependsOn: readonly string[];
}

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** @pulumi/aws pluralises repeated blocks ("route" -> "routes", "firewall_status" -> "firewallStatuses"); the schema says which. */
function pulumiName(snake: string, fields: Fields): string {
  const name = camel(snake);
  const candidates = [name, `${name}s`, `${name}es`, name.replace(/y$/, "ies")];
  return candidates.find((c) => fields.has(c)) ?? name;
}

function isRecord(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Terraform keeps every nested block as a list; Pulumi writes a one-item block as the object itself. */
function converted(kind: Kind, value: unknown): unknown {
  if (kind.kind === "object" && Array.isArray(value)) return value.length === 0 ? null : converted(kind, value[0]);
  if (kind.kind === "object" && isRecord(value)) return convertedFields(kind.fields, value);
  if (kind.kind === "list" && Array.isArray(value)) return value.map((item) => converted(kind.of, item));
  // Maps (tags) keep their keys.
  return value;
}

/** Attributes @pulumi/aws has no field for (`timeouts`, ones older providers wrote) the bridge does not write either. */
function convertedFields(fields: Fields, attributes: Props): Props {
  return Object.fromEntries(
    Object.entries(attributes).flatMap(([key, value]) => {
      const name = pulumiName(key, fields);
      const field = fields.get(name);
      return field ? [[name, converted(field.kind, value)]] : [];
    }),
  );
}

function tokenOf(type: string): string {
  const token = TOKENS[type];
  if (!token) throw new Error(`no Pulumi token for Terraform type ${type}: add it to TOKENS in test/support/realState.ts`);
  return token;
}

function schemaOf(token: string): Fields {
  const fields = resourceFields(token);
  if (!fields) throw new Error(`@pulumi/aws has no resource ${token}`);
  return fields;
}

/** "module.nacl[0].test_rules[3]", "public_subnet[\"a\"]": the Terraform address without the type, unique in the state. */
function nameOf(instance: Instance): string {
  const key = instance.key === undefined ? "" : `[${JSON.stringify(instance.key)}]`;
  return `${instance.module ? `${instance.module}.` : ""}${instance.name}${key}`;
}

/** Terraform refers to a resource by "<module path>.<type>.<name>", with or without the module's instance keys. */
function addressesOf(instance: Instance): string[] {
  const address = `${instance.module ? `${instance.module}.` : ""}${instance.type}.${instance.name}`;
  return [...new Set([address, address.replace(/\[[^\]]*\]/g, "")])];
}

type V4Resource = { module?: string; mode: string; type: string; name: string; instances: { index_key?: string | number; attributes: Props; dependencies?: string[] }[] };
type ShowModule = { address?: string; resources?: { mode: string; type: string; name: string; index?: string | number; values: Props; depends_on?: string[] }[]; child_modules?: ShowModule[] };

function v4Instances(resources: readonly V4Resource[]): Instance[] {
  return resources
    .filter((r) => r.mode === "managed")
    .flatMap((r) =>
      r.instances.map((i) => ({ module: r.module ?? "", type: r.type, name: r.name, key: i.index_key, attributes: i.attributes, dependsOn: i.dependencies ?? [] })),
    );
}

function showInstances(module: ShowModule): Instance[] {
  const own = (module.resources ?? [])
    .filter((r) => r.mode === "managed")
    .map((r) => ({ module: module.address ?? "", type: r.type, name: r.name, key: r.index, attributes: r.values, dependsOn: r.depends_on ?? [] }));
  return [...own, ...(module.child_modules ?? []).flatMap(showInstances)];
}

function instancesOf(state: unknown): Instance[] {
  const doc = state as { version?: number; resources?: V4Resource[]; format_version?: string; values?: { root_module: ShowModule } };
  if (doc.version === 4 && Array.isArray(doc.resources)) return v4Instances(doc.resources);
  if (doc.format_version !== undefined && doc.values) return showInstances(doc.values.root_module);
  throw new Error("not a Terraform state v4 or `terraform show -json` document");
}

export function stackExportOf(state: unknown, project = "real-state"): StackExport {
  const instances = instancesOf(state);
  const urnOf = new Map(instances.map((i) => [i, `urn:pulumi:${project}::${project}::${tokenOf(i.type)}::${nameOf(i)}`]));
  const urnsAt = new Map<string, string[]>();
  for (const i of instances) for (const address of addressesOf(i)) urnsAt.set(address, [...(urnsAt.get(address) ?? []), urnOf.get(i)!]);
  const resources = instances.map((i): ExportedResource => {
    const type = tokenOf(i.type);
    const id = String(i.attributes.id ?? "");
    // The id is no field of the class (it comes from CustomResource), but the bridge writes it.
    const outputs = { ...convertedFields(schemaOf(type), i.attributes), id };
    return {
      urn: urnOf.get(i)!,
      type,
      custom: true,
      id,
      // As after `pulumi import`: the inputs are the state read back.
      inputs: structuredClone(outputs),
      outputs,
      dependencies: [...new Set(i.dependsOn.flatMap((d) => urnsAt.get(d) ?? []))],
      propertyDependencies: {},
    };
  });
  return { version: 3, deployment: { resources } };
}

export function readRealState(file: string): StackExport {
  return stackExportOf(JSON.parse(fs.readFileSync(file, "utf8")));
}
