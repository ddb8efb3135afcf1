import { checkStack, EXAMPLES, runExample } from "../../harness/example";
import { PolicyPackProcess } from "../../harness/engine";

/**
 * Every example of every cloud (stacks/edge, stacks/edge-azure, stacks/edge-gcp), run under mocks at preview (ids unknown) and after an update, and
 * checked by the real pack over the engine protocol. Each row: policy, level, resource, and
 * fragments of the message a reviewer must see.
 */
type Expected = [policy: string, level: string, resource: string, ...fragments: string[]];

const EXPECTED: Record<string, Expected[]> = {
  "aws/compliant": [],
  "aws/federation": [],
  "aws/denied-by-nacl": [
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp", "lets TCP 50000, 50004-59999 in from 0.0.0.0/0", 'Upstream: rule 90 of NACL "edge-public-acl" stops TCP 50001-50003'],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp", "lets UDP 50000-59999 in"],
    ["cls-deny-explicit", "advisory", "edge-av-media-tcp", 'rule 90 of NACL "edge-public-acl" denies TCP 50001-50003', "netsh int ipv4 add excludedportrange protocol=tcp startport=50001 numberofports=3"],
  ],
  "aws/denied-by-network-firewall": [
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp", 'Upstream: rule sid 1000001 (drop) of rule group "drop-cls-agent" stops TCP 50001-50003'],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp"],
  ],
  "aws/firewall-bypassed": [
    [
      "cls-ports-closed",
      "mandatory",
      "edge-av-media-tcp",
      'SecurityGroupRule "edge-av-media-tcp" (tcp 50000-59999) lets TCP 50001-50003 in from 0.0.0.0/0',
      '"edge-firewall"',
      "does not pass through it",
      "open tcp 50000, 50004-59999 instead",
    ],
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp"],
  ],
  "aws/exposed": [
    ["cls-ports-closed", "mandatory", "edge-av-media-tcp", 'SecurityGroupRule "edge-av-media-tcp" (tcp 50000-59999) lets TCP 50001-50003 in from 0.0.0.0/0', "open tcp 50000, 50004-59999 instead"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp"],
  ],
  "aws/exposed-inline": [
    ["cls-ports-closed", "mandatory", "edge-av", 'SecurityGroup "edge-av" ingress[2] (tcp 50000-59999) lets TCP 50001-50003 in from 0.0.0.0/0', "open tcp 50000, 50004-59999 instead"],
    ["media-range-inbound-justified", "advisory", "edge-av", "ingress[2]"],
    ["media-range-inbound-justified", "advisory", "edge-av", "ingress[3]"],
  ],
  "azure/compliant": [],
  "azure/federation": [],
  "azure/denied": [
    ["media-range-inbound-justified", "advisory", "edge-nsg", "lets TCP 50000, 50004-59999 in from Internet", 'Upstream: rule 150 "deny-cls-agent" of NSG "edge-nsg" stops TCP 50001-50003'],
    ["media-range-inbound-justified", "advisory", "edge-nsg", "lets UDP 50000-59999 in from Internet"],
  ],
  "azure/exposed": [
    ["cls-ports-closed", "mandatory", "edge-nsg", 'NetworkSecurityGroup "edge-nsg" securityRules[3] (tcp 50000-59999) lets TCP 50001-50003 in from Internet', "Reachable now", "as tags cls-guard:reason"],
    ["media-range-inbound-justified", "advisory", "edge-nsg"],
    ["media-range-inbound-justified", "advisory", "edge-nsg"],
  ],
  "gcp/compliant": [],
  "gcp/federation": [],
  "gcp/denied": [
    ["media-range-inbound-justified", "advisory", "edge-allow-media", "lets TCP 50000, 50004-59999 in from 0.0.0.0/0", 'Upstream: Firewall "edge-deny-cls-agent" (priority 900) stops TCP 50001-50003'],
    ["media-range-inbound-justified", "advisory", "edge-allow-media", "lets UDP 50000-59999 in"],
  ],
  "gcp/exposed": [
    ["cls-ports-closed", "mandatory", "edge-allow-media", "lets TCP 50001-50003 in from 0.0.0.0/0", "Reachable now", "the rule's description"],
    ["media-range-inbound-justified", "advisory", "edge-allow-media"],
    ["media-range-inbound-justified", "advisory", "edge-allow-media"],
  ],
};

/** A firewall the Edge traffic bypasses stops nothing: no message may count its drop rule as upstream. */
const BYPASSED_FIREWALL_CREDIT = 'rule group "drop-cls-agent" stops';

describe("every example through the engine protocol", () => {
  let pack: PolicyPackProcess;
  beforeAll(async () => {
    pack = await PolicyPackProcess.start();
    await pack.configure();
  });
  afterAll(() => pack?.stop());

  test("every example has expectations", () => expect(Object.keys(EXPECTED).sort()).toEqual(EXAMPLES.map((e) => e.name).sort()));

  describe.each(["preview", "update"] as const)("%s", (mode) => {
    test.each(EXAMPLES.map((e) => [e.name, e] as const))("%s", async (name, example) => {
      const diagnostics = await checkStack(pack, await runExample(example, mode === "preview"));
      expect(diagnostics.map((d) => [d.policy, d.level, d.urn.split("::").pop()])).toEqual(EXPECTED[name].map(([p, l, r]) => [p, l, r]));
      EXPECTED[name].forEach(([, , , ...fragments], i) => {
        for (const f of fragments) expect(diagnostics[i].message).toContain(f);
      });
      if (name === "aws/firewall-bypassed") for (const d of diagnostics) expect(d.message).not.toContain(BYPASSED_FIREWALL_CREDIT);
    });
  });
});
