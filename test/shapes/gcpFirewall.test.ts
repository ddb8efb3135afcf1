import { Secret, UNKNOWN } from "../../src/model/values";
import { readFirewall } from "../../src/shapes/gcp/firewall";
import type { ResourceView } from "../../src/shapes/resource";
import { inboundRuleText } from "../support/modelText";

/**
 * VPC firewall rules read into GCP rules: each row is the props (as the bridge writes them after an
 * update, or as written at preview) and the reading expected. What cannot be read widens to
 * everything, with the doubt.
 */
const BRIDGED = { description: "", direction: "INGRESS", priority: 1000, disabled: false, sourceRanges: [], sourceTags: [], sourceServiceAccounts: [], targetTags: [], targetServiceAccounts: [], allows: [], denies: [], destinationRanges: [] };
const view = (props: Record<string, unknown>): ResourceView => ({ urn: "urn:fw", type: "gcp:compute/firewall:Firewall", name: "edge-media", props: { network: "edge-net", ...props }, propertyDependencies: {} });
const media = { protocol: "tcp", ports: ["50000-59999"] };
const WORLD = "cidr 0.0.0.0/0 = 0.0.0.0/0";
const reading = (action: string, priority: number, entries: ReturnType<typeof entry>[], extra: Record<string, unknown> = {}) => ({ action, priority, ingress: true, disabled: false, entries, ...extra });
const entry = (rule: string, protocol: string, ports: string, sources: string[], doubts: string[] = []) => ({ rule, protocol, ports, sources, doubts });

const rows: [string, Record<string, unknown>, unknown[]][] = [
  ["after an update: bridge-shaped unset values", { ...BRIDGED, allows: [media], sourceRanges: ["0.0.0.0/0"] }, [reading("allow", 1000, [entry("allows[0]", "tcp = 6", "50000-59999", [WORLD])])]],
  ["at preview: unset values absent, priority defaults to 1000", { allows: [media], sourceRanges: ["0.0.0.0/0"] }, [reading("allow", 1000, [entry("allows[0]", "tcp = 6", "50000-59999", [WORLD])])]],
  ["a deny, IPv6 and a single address", { denies: [{ protocol: "udp", ports: ["50001", "50003"] }], sourceRanges: ["::/0", "203.0.113.7"], priority: 900 }, [reading("deny", 900, [entry("denies[0]", "udp = 17", "50001,50003", ["cidr ::/0 = ::/0", "cidr 203.0.113.7 = 203.0.113.7/32"])])]],
  ["no ports (null after preview, [] after update) is every port", { allows: [{ protocol: "tcp", ports: [] }, { protocol: "udp" }], sourceRanges: ["0.0.0.0/0"] }, [reading("allow", 1000, [entry("allows[0]", "tcp = 6", "0-65535", [WORLD]), entry("allows[1]", "udp = 17", "0-65535", [WORLD])])]],
  [
    "protocols by name and number; ports only for tcp, udp and sctp",
    { allows: ["all", "icmp", "esp", "ah", "ipip", "sctp", "47", "6"].map((protocol) => ({ protocol, ports: ["50001"] })), sourceRanges: ["0.0.0.0/0"] },
    [
      reading("allow", 1000, [
        entry("allows[0]", "all = 0-255 (portless)", "0-65535", [WORLD]),
        entry("allows[1]", "icmp = 1 (portless)", "0-65535", [WORLD]),
        entry("allows[2]", "esp = 50 (portless)", "0-65535", [WORLD]),
        entry("allows[3]", "ah = 51 (portless)", "0-65535", [WORLD]),
        entry("allows[4]", "ipip = 4 (portless)", "0-65535", [WORLD]),
        entry("allows[5]", "sctp = 132", "50001", [WORLD]),
        entry("allows[6]", "protocol 47 = 47 (portless)", "0-65535", [WORLD]),
        entry("allows[7]", "tcp = 6", "50001", [WORLD]),
      ]),
    ],
  ],
  ["source tags and service accounts are internal", { allows: [media], sourceTags: ["lb"], sourceServiceAccounts: ["lb@p.iam.gserviceaccount.com"] }, [reading("allow", 1000, [entry("allows[0]", "tcp = 6", "50000-59999", ["internal source tag lb", "internal source service account lb@p.iam.gserviceaccount.com"])])]],
  ["no source at all is GCP's default 0.0.0.0/0", { ...BRIDGED, allows: [media] }, [reading("allow", 1000, [entry("allows[0]", "tcp = 6", "50000-59999", ["cidr 0.0.0.0/0 (no source given: GCP's default) = 0.0.0.0/0"])])]],
  ["EGRESS and disabled are kept for the path builder", { allows: [media], sourceRanges: ["0.0.0.0/0"], direction: "EGRESS", disabled: true }, [reading("allow", 1000, [entry("allows[0]", "tcp = 6", "50000-59999", [WORLD])], { ingress: false, disabled: true })]],
  ["priority 0 is a priority, not unset", { denies: [media], sourceRanges: ["0.0.0.0/0"], priority: 0 }, [reading("deny", 0, [entry("denies[0]", "tcp = 6", "50000-59999", [WORLD])])]],
  ["a secret source range is used and never shown", { allows: [media], sourceRanges: [new Secret("0.0.0.0/0")] }, [reading("allow", 1000, [entry("allows[0]", "tcp = 6", "50000-59999", ["cidr [secret] = 0.0.0.0/0"])])]],
  [
    "unknown at preview: priority, disabled, direction, ports, a range",
    { allows: [{ protocol: "tcp", ports: UNKNOWN }], sourceRanges: [UNKNOWN], priority: UNKNOWN, disabled: UNKNOWN, direction: UNKNOWN },
    [
      reading("allow", -Infinity, [
        entry("allows[0]", "tcp = 6", "0-65535", ["unresolved sourceRanges[0] (unknown) (unknown: sourceRanges[0] is not known until the resources it depends on exist)"], ["priority", "direction", "disabled", "allows[0].ports"].map((f) => `unknown ${f}: ${f} is not known until the resources it depends on exist`)),
      ]),
    ],
  ],
  [
    "allows unknown at preview: one entry of everything",
    { allows: UNKNOWN, sourceRanges: ["0.0.0.0/0"] },
    [reading("allow", 1000, [entry("allows", "protocol unknown at preview = 0-255 (portless)", "0-65535", [WORLD], ["unknown allows: allows is not known until the resources it depends on exist"])])],
  ],
  [
    "malformed: a port, a protocol, a range, a priority",
    { denies: [{ protocol: "tcp", ports: ["50001-50003x"] }, { protocol: "gre" }], sourceRanges: ["0.0.0.0/33"], priority: 70000 },
    [
      reading("deny", -Infinity, [
        entry("denies[0]", "tcp = 6", "0-65535", ["unresolved sourceRanges[0] (unreadable) (malformed: sourceRanges[0] is \"0.0.0.0/33\", not an IPv4 or IPv6 range)"], [
          "malformed priority: priority is number 70000, not a priority 0-65535; read as evaluated first",
          'malformed denies[0].ports[0]: denies[0].ports[0] is "50001-50003x", not a port or range ("50001", "50000-59999")',
        ]),
        entry("denies[1]", "unreadable protocol = 0-255 (portless)", "0-65535", ["unresolved sourceRanges[0] (unreadable) (malformed: sourceRanges[0] is \"0.0.0.0/33\", not an IPv4 or IPv6 range)"], [
          "malformed priority: priority is number 70000, not a priority 0-65535; read as evaluated first",
          'malformed denies[1].protocol: denies[1].protocol is "gre", not a protocol GCP accepts (tcp, udp, icmp, esp, ah, sctp, ipip, all or a number 0-255)',
        ]),
      ]),
    ],
  ],
  [
    "destinationRanges limit the rule to part of its traffic: partial",
    { ...BRIDGED, denies: [media], sourceRanges: ["0.0.0.0/0"], destinationRanges: ["10.99.0.0/16", "203.0.113.10"] },
    [reading("deny", 1000, [entry("denies[0]", "tcp = 6", "50000-59999", [WORLD])], { partial: "its destinationRanges 10.99.0.0/16, 203.0.113.10 limit it to traffic addressed to those ranges, and cls-guard does not check the host's addresses against them" })],
  ],
  ["an empty rule opens nothing", { ...BRIDGED }, []],
];

test.each(rows)("%s", (_name, props, expected) => {
  const { rules } = readFirewall(view(props));
  expect(rules.map((r) => ({ action: r.action, priority: r.priority, ingress: r.ingress, disabled: r.disabled, partial: r.partial, entries: r.entries.map(inboundRuleText).map(({ rule, protocol, ports, sources, doubts }) => ({ rule, protocol, ports, sources, doubts })) }))).toEqual(expected);
});

test("targets, network and description are handed to the path builder as written", () => {
  const { network, rules } = readFirewall(view({ allows: [media], targetTags: ["edge"], targetServiceAccounts: ["a@b"], description: "hello" }));
  expect(network).toEqual({ path: "network", value: "edge-net" });
  expect(rules[0].targets.tags.map((f) => f.value)).toEqual(["edge"]);
  expect(rules[0].targets.serviceAccounts.map((f) => f.value)).toEqual(["a@b"]);
  expect(rules[0].description.value).toBe("hello");
  expect(rules[0].label).toBe('Firewall "edge-media" (priority 1000)');
});
