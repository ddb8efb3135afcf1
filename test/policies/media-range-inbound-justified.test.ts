import { ruleTester } from "../support/ruleTester";
import { EDGE_SAFE, justified, MEDIA_RANGE_TCP, sg, sgRule, tcp, udp, UNKNOWN, vpcIngress, WORLD6 } from "../support/fixtures";

const advisory = (on: string, ...has: string[]) => ({ on, level: "advisory" as const, has });

ruleTester("media-range-inbound-justified", {
  valid: [
    { name: "Edge access ports only", resources: [sg("edge", EDGE_SAFE)] },
    { name: "just below the range (49999)", resources: [sg("edge", [tcp(49152, 49999)])] },
    { name: "just above the range (60000)", resources: [sg("edge", [udp(60000, 65535)])] },
    { name: "the range from a private network", resources: [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["10.0.0.0/8"] })])] },
    { name: "the range justified by tags", resources: [sg("edge", [MEDIA_RANGE_TCP, udp(50000, 59999)], justified({ "cls-guard:reason": "dnslb-nat-no-hairpin" }))] },
    {
      name: "a reason added by config",
      resources: [sg("edge", [MEDIA_RANGE_TCP], justified({ "cls-guard:reason": "partner-interop" }))],
      config: { "media-range-inbound-justified": { acceptedReasons: ["partner-interop"] } },
    },
    { name: "disabled by config", resources: [sg("edge", [MEDIA_RANGE_TCP])], config: { "media-range-inbound-justified": { enforcementLevel: "disabled" } } },
  ],
  invalid: [
    { name: "TCP range open to the world", resources: [sg("edge", [MEDIA_RANGE_TCP])], errors: [advisory("edge", "lets TCP 50000-59999 in from 0.0.0.0/0", "need not be open inbound", "OCS 2007 federation")] },
    { name: "the message by id", resources: [sg("edge", [MEDIA_RANGE_TCP])], errors: [{ on: "edge", level: "advisory", has: [], messageId: "opening", data: { traffic: "TCP 50000-59999", sources: "0.0.0.0/0", watchedPorts: "TCP 50000-59999, UDP 50000-59999" } }] },
    { name: "one UDP port of the range", resources: [udp(50000, 50000)].map((r) => sg("edge", [r])), errors: [advisory("edge", "UDP 50000 in")] },
    { name: "the top edge 59999", resources: [sg("edge", [tcp(59999, 60100)])], errors: [advisory("edge", "TCP 59999 in")] },
    { name: "all traffic over IPv6", resources: [vpcIngress("all6", { ipProtocol: "-1", cidrIpv6: WORLD6 })], errors: [advisory("all6", "TCP 50000-59999; UDP 50000-59999")] },
    { name: "a standalone rule", resources: [sgRule("media", udp(50000, 59999))], errors: [advisory("media", 'SecurityGroupRule "media"')] },
    {
      name: "mandatory when configured so",
      resources: [sg("edge", [MEDIA_RANGE_TCP])],
      config: { "media-range-inbound-justified": { enforcementLevel: "mandatory" } },
      errors: [{ on: "edge", level: "mandatory", has: ["50000-59999"] }],
    },
    {
      name: "a custom watched range",
      resources: [sg("edge", [udp(3478, 3478)])],
      config: { "media-range-inbound-justified": { watchedPorts: [{ protocol: "udp", from: 3478, to: 3478 }] } },
      errors: [advisory("edge", "UDP 3478 in")],
    },
    {
      name: "a justification without an approver does not count",
      resources: [sg("edge", [MEDIA_RANGE_TCP], justified({ "cls-guard:approved-by": " " }))],
      errors: [advisory("edge", "has no approver")],
    },
    { name: "sources unknown at preview", resources: [sg("edge", [udp(50000, 59999, { cidrBlocks: UNKNOWN })])], errors: [{ level: "advisory", has: ["during preview", "cidrBlocks is not known"] }] },
  ],
});
