import { checkStack, exampleRun, VARIANTS } from "../../harness/example";
import { PolicyPackProcess } from "../../harness/engine";

/**
 * Every stacks/edge variant, run under mocks at preview (ids unknown) and after an update, and
 * checked by the real pack over the engine protocol. Each row: policy, level, resource, and
 * fragments of the message a reviewer must see.
 */
type Expected = [policy: string, level: string, resource: string, ...fragments: string[]];

const EXPECTED: Record<string, Expected[]> = {
  compliant: [],
  federation: [],
  "denied-by-nacl": [
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp", "lets TCP 50000, 50004-59999 in from 0.0.0.0/0", 'Upstream: rule 90 of NACL "edge-public-acl" stops TCP 50001-50003'],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp", "lets UDP 50000-59999 in"],
    ["cls-deny-explicit", "advisory", "edge-av-media-tcp", 'rule 90 of NACL "edge-public-acl" denies TCP 50001-50003', "netsh int ipv4 add excludedportrange protocol=tcp startport=50001 numberofports=3"],
  ],
  "denied-by-network-firewall": [
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp", 'Upstream: rule sid 1000001 (drop) of rule group "drop-cls-agent" stops TCP 50001-50003'],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp"],
  ],
  "firewall-bypassed": [
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
  exposed: [
    ["cls-ports-closed", "mandatory", "edge-av-media-tcp", 'SecurityGroupRule "edge-av-media-tcp" (tcp 50000-59999) lets TCP 50001-50003 in from 0.0.0.0/0', "open tcp 50000, 50004-59999 instead"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-tcp"],
    ["media-range-inbound-justified", "advisory", "edge-av-media-udp"],
  ],
  "exposed-inline": [
    ["cls-ports-closed", "mandatory", "edge-av", 'SecurityGroup "edge-av" ingress[2] (tcp 50000-59999) lets TCP 50001-50003 in from 0.0.0.0/0', "open tcp 50000, 50004-59999 instead"],
    ["media-range-inbound-justified", "advisory", "edge-av", "ingress[2]"],
    ["media-range-inbound-justified", "advisory", "edge-av", "ingress[3]"],
  ],
};

/** A firewall the Edge traffic bypasses stops nothing: no message may count its drop rule as upstream. */
const BYPASSED_FIREWALL_CREDIT = 'rule group "drop-cls-agent" stops';

describe("stacks/edge variants through the engine protocol", () => {
  let pack: PolicyPackProcess;
  beforeAll(async () => {
    pack = await PolicyPackProcess.start();
    await pack.configure();
  });
  afterAll(() => pack?.stop());

  test("every variant has expectations", () => expect(Object.keys(EXPECTED).sort()).toEqual([...VARIANTS].sort()));

  describe.each(["preview", "update"] as const)("%s", (mode) => {
    test.each(VARIANTS)("%s", async (variant) => {
      const diagnostics = await checkStack(pack, await exampleRun(variant, mode === "preview"));
      expect(diagnostics.map((d) => [d.policy, d.level, d.urn.split("::").pop()])).toEqual(EXPECTED[variant].map(([p, l, r]) => [p, l, r]));
      EXPECTED[variant].forEach(([, , , ...fragments], i) => {
        for (const f of fragments) expect(diagnostics[i].message).toContain(f);
      });
      if (variant === "firewall-bypassed") for (const d of diagnostics) expect(d.message).not.toContain(BYPASSED_FIREWALL_CREDIT);
    });
  });
});
