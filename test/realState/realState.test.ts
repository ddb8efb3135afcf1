import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "../../cli/input";
import { planRuns, scan, type ReportFinding } from "../../cli/scan";
import { TODAY } from "../support/cli";
import { readRealState } from "../support/realState";

/**
 * Real provider-written state: 26 Terraform states from public repositories (see the README in
 * the folder), turned into the stack exports Pulumi's AWS bridge writes for the same resources and
 * scanned the way `cls-guard scan` scans an export. Every unset field is there as the provider
 * wrote it ("" / 0 / null / []), which no program-run fixture shows.
 */
const STATES = path.join(__dirname, "../fixtures/real-state");
const FILES = fs
  .readdirSync(STATES)
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.replace(/\.json$/, ""))
  .sort();

/** cls-ports-closed guarding every TCP and UDP port: each finding says what one rule lets in from the internet after the NACL. */
const EVERY_PORT = { "cls-ports-closed": { protectedPorts: [{ protocol: "tcp", from: 0, to: 65535 }, { protocol: "udp", from: 0, to: 65535 }] } };

function findings(file: string, config: object): ReportFinding[] {
  const document = parseDocument(JSON.stringify(readRealState(path.join(STATES, `${file}.json`))), file);
  return scan(document.after, planRuns(config), new Date(TODAY));
}

/** "sg_7 ingress[1]: TCP 50001-50003": the rule and what of the guarded ports it lets in. */
function opening(f: ReportFinding): string {
  const spans = (f.exposed ?? []).map((s) => `${s.protocol.toUpperCase()} ${s.from === s.to ? s.from : `${s.from}-${s.to}`}`);
  return `${f.name}${f.rule && f.rule !== "rule" ? ` ${f.rule}` : ""}: ${spans.join(", ")}`;
}

function openings(list: readonly ReportFinding[], policy: string): string[] {
  return list
    .filter((f) => f.policy === policy)
    .map(opening)
    .sort();
}

test("the folder holds the 26 states", () => expect(FILES).toHaveLength(26));

describe.each(FILES)("%s", (file) => {
  // Any of these says a provider-written value could not be read: "" for an unset source, null lists, 0 ports.
  const UNREAD = /malformed|unreadable|\bnot an?\b|both set|both missing/i;

  test.each([
    ["default settings", {}],
    ["every port guarded", EVERY_PORT],
  ])("every value reads (%s)", (_, config) => {
    const unread = findings(file, config).filter((f) => UNREAD.test(f.message));
    expect(unread.map((f) => `${f.policy} ${opening(f)}: ${f.message}`)).toEqual([]);
  });
});

interface Verdict {
  readonly file: string;
  /** cls-ports-closed with its defaults (TCP 50001-50003). */
  readonly clsPorts: readonly string[];
  /** media-range-inbound-justified with its defaults (TCP/UDP 50000-59999). */
  readonly mediaRange: readonly string[];
  /** cls-ports-closed guarding every port: what each rule lets in once the NACL has had its say. */
  readonly everyPort: readonly string[];
}

/**
 * Worked out by hand from the states. A group no instance, interface or launch template (used by
 * an auto-scaling group) in the state uses gets no credit from any NACL, nor does a subnet that
 * keeps its VPC's unmanaged default NACL; only internet sources count (not RFC 1918, not a group).
 */
const VERDICTS: Verdict[] = [
  {
    // Groups alb/app/db are used by nothing in the state (no instances): no NACL can be credited.
    // alb opens 80 and 443 to the world; app and db admit only other groups.
    file: "adeoye-secure-vpc-nacl",
    clsPorts: [],
    mediaRange: [],
    everyPort: ["alb ingress[0]: TCP 80", "alb ingress[1]: TCP 443"],
  },
  {
    // demo-sg-1 guards Demo-instance in pub_subnet1, behind demo-nacl, which allows only TCP 22
    // from 45.112.30.103/32 (inline, ipv6CidrBlock "") and 45.112.30.123/32 (standalone rule,
    // protocol "6"). Its TCP 80 from 0.0.0.0/0 and TCP 22 from 45.112.30.126/32 fall to the
    // implicit deny: not reported. demo-sg (another VPC) is used by nothing: both rules reported.
    file: "akiran-nacl-rules-instance",
    clsPorts: [],
    mediaRange: [],
    everyPort: ["demo-sg ingress[0]: TCP 80", "demo-sg ingress[1]: TCP 22"],
  },
  {
    // Only the VPC's default group, with no ingress; the default NACL's IPv6 entry has cidrBlock "".
    file: "bishow-vpc-default-nacl",
    clsPorts: [],
    mediaRange: [],
    everyPort: [],
  },
  {
    // website_nacl (subnet "website": website-server and website_instance_nic) allows TCP 22, 80
    // and 8080 only: website_sec_group's TCP 443 falls to the implicit deny and is not reported.
    // backend_nacl allows TCP 22 (and denies 80, 443), so backend_sec_group's TCP 22 is reported.
    file: "caleb-coffee-nacl-eni",
    clsPorts: [],
    mediaRange: [],
    everyPort: ["backend_sec_group ingress[0]: TCP 22", "website_sec_group ingress[0]: TCP 22", "website_sec_group ingress[2]: TCP 8080", "website_sec_group ingress[3]: TCP 80"],
  },
  {
    // default-sg is used by nothing (and the default NACLs allow all anyway): 443 and 80 from
    // 0.0.0.0/0 and ::/0, 22 from a public /32.
    file: "danurk-vpc-default-nacl",
    clsPorts: [],
    mediaRange: [],
    everyPort: ["default-sg ingress[0]: TCP 443", "default-sg ingress[1]: TCP 80", "default-sg ingress[2]: TCP 22"],
  },
  {
    // The instances use sg-05ec4482b644cf803, which is not in the state; servicequik-sg is used by
    // nothing, and the NACLs are associated with no subnet.
    file: "dc4hunnid-nacl-inline",
    clsPorts: [],
    mediaRange: [],
    everyPort: ["module.servicequik_vpc.servicequik-sg ingress[0]: TCP 22"],
  },
  {
    // A standalone rule opens every protocol (-1) to 200.225.115.108/32, a public address, on a
    // group nothing uses: the CLS ports and the whole media range are open. ipv6CidrBlocks and
    // sourceSecurityGroupId are null, as Terraform writes them; the self rules admit no one outside.
    file: "guilherme-network",
    clsPorts: ["module.main_security_group.ingress_with_cidr_blocks[0]: TCP 50001-50003"],
    mediaRange: ["module.main_security_group.ingress_with_cidr_blocks[0]: TCP 50000-59999, UDP 50000-59999"],
    everyPort: ["module.main_security_group.ingress_with_cidr_blocks[0]: TCP 0-65535, UDP 0-65535"],
  },
  {
    // web-app-security-group's hosts (two instances, two launch templates of auto-scaling groups)
    // sit in subnets whose NACLs allow everything (-1 from 0.0.0.0/0), so its TCP 22 from the world
    // is reported; its 80/443 admit only the ELB group. Bastion and ELB groups are used by nothing.
    file: "joseph-asg-lt-nacl",
    clsPorts: [],
    mediaRange: [],
    everyPort: ["bastion-security-group ingress[0]: TCP 22", "web-app-security-group ingress[0]: TCP 22", "web-elb-security-group ingress[0]: TCP 443", "web-elb-security-group ingress[1]: TCP 80"],
  },
  {
    // NACLs, standalone entries and associations only: no security group, nothing to report.
    file: "kc1919-nacl-rules-assoc",
    clsPorts: [],
    mediaRange: [],
    everyPort: [],
  },
  {
    // The bastion launch template's auto-scaling group runs in public subnet 2, which keeps the
    // unmanaged default NACL (terraform-nacl is associated with no subnet): TCP 22 reported. The
    // ALB group is used by nothing; the instance and RDS groups admit only other groups.
    file: "sunday-asg-lt-nacl",
    clsPorts: [],
    mediaRange: [],
    everyPort: ["terraform-ALB-sg ingress[0]: TCP 80", "terraform-bastion-sg ingress[0]: TCP 22"],
  },
  {
    // An imported account: no subnets in the state, no auto-scaling groups, so no group is placed
    // behind a NACL. sg_3 and sg_7 (the two default groups) admit every protocol from 0.0.0.0/0:
    // the CLS ports and the media range. sg_7's TCP 5439 from 172.40.2.39/32 is outside RFC 1918
    // (172.16.0.0/12). sg_21 has no ingress; sg_25 admits only groups (one cross-account).
    file: "vishnu-imported-account",
    clsPorts: ["sg_3 ingress[0]: TCP 50001-50003", "sg_7 ingress[1]: TCP 50001-50003"],
    mediaRange: ["sg_3 ingress[0]: TCP 50000-59999, UDP 50000-59999", "sg_7 ingress[1]: TCP 50000-59999, UDP 50000-59999"],
    everyPort: [
      ...["sg_1", "sg_10", "sg_12", "sg_13", "sg_14", "sg_15", "sg_20", "sg_23", "sg_8", "sg_9"].map((g) => `${g} ingress[0]: TCP 22`),
      ...["sg_11", "sg_16", "sg_22", "sg_26", "sg_28", "sg_4"].map((g) => `${g} ingress[0]: TCP 80`),
      ...["sg_18", "sg_2", "sg_27", "sg_5", "sg_6"].flatMap((g) => [`${g} ingress[0]: TCP 443`, `${g} ingress[1]: TCP 80`]),
      "sg_17 ingress[0]: TCP 443",
      "sg_17 ingress[1]: TCP 80",
      "sg_17 ingress[2]: TCP 22",
      "sg_19 ingress[0]: TCP 22",
      "sg_19 ingress[1]: TCP 3306",
      "sg_24 ingress[0]: TCP 1196",
      "sg_24 ingress[1]: UDP 1196",
      "sg_24 ingress[2]: TCP 443",
      "sg_24 ingress[3]: TCP 80",
      "sg_24 ingress[4]: TCP 22",
      "sg_3 ingress[0]: TCP 0-65535, UDP 0-65535",
      "sg_7 ingress[0]: TCP 5439",
      "sg_7 ingress[1]: TCP 0-65535, UDP 0-65535",
      "sg_7 ingress[2]: TCP 5439",
    ],
  },
];

test("every state with a network ACL has a verdict", () => {
  const withAcl = FILES.filter((f) => /"type": ?"aws_(default_)?network_acl(_rule)?"/.test(fs.readFileSync(path.join(STATES, `${f}.json`), "utf8")));
  expect(VERDICTS.map((v) => v.file).sort()).toEqual(withAcl);
});

describe.each(VERDICTS)("$file", ({ file, clsPorts, mediaRange, everyPort }) => {
  test("cls-ports-closed (TCP 50001-50003)", () => expect(openings(findings(file, {}), "cls-ports-closed")).toEqual([...clsPorts].sort()));
  test("media-range-inbound-justified (TCP/UDP 50000-59999)", () => expect(openings(findings(file, {}), "media-range-inbound-justified")).toEqual([...mediaRange].sort()));
  test("cls-ports-closed guarding every port", () => expect(openings(findings(file, EVERY_PORT), "cls-ports-closed")).toEqual([...everyPort].sort()));
});
