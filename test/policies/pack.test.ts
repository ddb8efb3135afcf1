import * as fs from "fs";
import { clsGuardPolicies } from "../../policies/pack";
import { clsPortsClosed } from "../../policies/cls-ports-closed";
import { evaluate } from "../../src/policy";
import { Secret } from "../../src/model/values";
import { SECURITY_GROUP } from "../../src/shapes/aws/securityGroups";
import { MEDIA_RANGE_TCP, sg, tcp } from "../support/fixtures";
import { runPack, TODAY } from "../support/harness";

describe("cls-guard as a library", () => {
  test("team settings given to the factory become every policy's defaults", async () => {
    const partner = [sg("edge", [tcp(50000, 59999, { cidrBlocks: ["198.51.100.0/24"] })])];
    expect((await runPack(partner)).map((d) => d.policy)).toEqual(["cls-ports-closed", "media-range-inbound-justified"]);
    expect(await runPack(partner, {}, { settings: { trustedCidrs: ["198.51.100.0/24"] } })).toEqual([]);
  });

  test("a user's --policy-pack-config still overrides the factory's defaults", async () => {
    const diagnostics = await runPack([sg("edge", [MEDIA_RANGE_TCP])], { "cls-ports-closed": { trustedCidrs: [] } }, { settings: { trustedCidrs: ["0.0.0.0/0"] } });
    expect(diagnostics.map((d) => d.policy)).toEqual(["cls-ports-closed"]);
  });

  test("enforcement levels can be set per policy", async () => {
    const diagnostics = await runPack([sg("edge", [MEDIA_RANGE_TCP])], {}, { enforcementLevels: { "media-range-inbound-justified": "mandatory", "cls-ports-closed": "disabled" } });
    expect(diagnostics.map((d) => [d.policy, d.level])).toEqual([["media-range-inbound-justified", "mandatory"]]);
  });

  test("each policy declares its settings as a config schema with defaults", () => {
    const [cls, media, justification] = clsGuardPolicies();
    expect(Object.keys(cls.configSchema!.properties)).toContain("protectedPorts");
    expect(Object.keys(media.configSchema!.properties)).toContain("watchedPorts");
    expect(Object.keys(justification.configSchema!.properties)).not.toContain("protectedPorts");
    expect((cls.configSchema!.properties.maxJustificationDays as { default: number }).default).toBe(365);
  });

  test("the pack directory carries the root package's version and points at compiled JavaScript", () => {
    const pack = JSON.parse(fs.readFileSync("policies/package.json", "utf8"));
    expect(pack.version).toBe(JSON.parse(fs.readFileSync("package.json", "utf8")).version);
    expect(pack.main).toMatch(/\.js$/);
  });
});

describe("secrets", () => {
  test("a secret source is used for the verdict but shown as [secret]", () => {
    const view = {
      urn: "urn:pulumi:test::p::aws:ec2/securityGroup:SecurityGroup::edge",
      type: SECURITY_GROUP,
      name: "edge",
      props: { ingress: [{ protocol: "tcp", fromPort: 50001, toPort: 50003, cidrBlocks: [new Secret("203.0.113.9/32")] }] },
      propertyDependencies: {},
    };
    const [finding] = evaluate(clsPortsClosed, [view], {}, TODAY);
    expect(finding.message).toContain("from [secret]");
    expect(JSON.stringify(finding)).not.toContain("203.0.113.9");
  });

  test("a malformed secret value is reported without its text", () => {
    const view = {
      urn: "urn:pulumi:test::p::aws:ec2/securityGroup:SecurityGroup::edge",
      type: SECURITY_GROUP,
      name: "edge",
      props: { ingress: [{ protocol: "tcp", fromPort: new Secret("hunter2"), toPort: 50003, cidrBlocks: [new Secret("hunter3/99")] }] },
      propertyDependencies: {},
    };
    const [finding] = evaluate(clsPortsClosed, [view], {}, TODAY);
    expect(finding.message).toContain("ingress[0].fromPort is [secret], not a port");
    expect(finding.message).not.toMatch(/hunter/);
  });
});
