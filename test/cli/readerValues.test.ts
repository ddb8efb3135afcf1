import { InputError, readerValues } from "../../cli/documents/json";
import { resource } from "../../cli/documents/states";
import { Secret, UNKNOWN } from "../../src/model/values";

/**
 * A parsed document's values in the form the readers take, wherever they sit: the engine's unknown
 * sentinels become UNKNOWN, secrets Secret (with their value only when the document carries it),
 * and everything else stays exactly as it was, in place.
 */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";

test.each<[string, unknown, unknown]>([
  ["an unknown as a property", { fromPort: UNKNOWN_NUMBER, toPort: 50003 }, { fromPort: UNKNOWN, toPort: 50003 }],
  ["an unknown in a list", { cidrBlocks: ["10.0.0.0/8", UNKNOWN_STRING] }, { cidrBlocks: ["10.0.0.0/8", UNKNOWN] }],
  ["the whole value unknown", UNKNOWN_STRING, UNKNOWN],
  ["a masked secret deep in lists and objects", { ingress: [{ cidrBlocks: ["[secret]"] }] }, { ingress: [{ cidrBlocks: [new Secret(undefined)] }] }],
  ["a secret with its plaintext", { cidr: { [SIG]: SECRET, plaintext: '"203.0.113.7/32"' } }, { cidr: new Secret("203.0.113.7/32") }],
  ["a secret with its value, itself holding an unknown", { tags: { [SIG]: SECRET, value: { owner: UNKNOWN_STRING, team: "edge" } } }, { tags: { owner: UNKNOWN, team: new Secret("edge") } }],
  ["a secret list keeps its shape, each value in it secret", { cidrBlocks: { [SIG]: SECRET, plaintext: '["10.0.0.0/8"]' } }, { cidrBlocks: [new Secret("10.0.0.0/8")] }],
  [
    "a secret list of rules: the rules readable, their values secret",
    { ingress: { [SIG]: SECRET, plaintext: '[{"protocol":"tcp","fromPort":443,"cidrBlocks":["0.0.0.0/0"],"self":false}]' } },
    { ingress: [{ protocol: new Secret("tcp"), fromPort: new Secret(443), cidrBlocks: [new Secret("0.0.0.0/0")], self: new Secret(false) }] },
  ],
  ["a ciphertext-only secret", { cidr: { [SIG]: SECRET, ciphertext: "v1:abc" } }, { cidr: new Secret(undefined) }],
  [
    "unset values as the provider writes them stay as they are",
    { description: "", icmpCode: 0, ipv6CidrBlock: "", routes: [], tags: null, enabled: false },
    { description: "", icmpCode: 0, ipv6CidrBlock: "", routes: [], tags: null, enabled: false },
  ],
])("%s", (_, document, expected) => {
  expect(readerValues(document)).toStrictEqual(expected);
});

test("the document is read in place: the objects and lists that held the values are the ones returned", () => {
  const rule = { cidrBlocks: [UNKNOWN_STRING], fromPort: 50000 };
  const document = { outputs: { ingress: [rule] } };
  expect(readerValues(document)).toBe(document);
  expect(document.outputs.ingress[0]).toBe(rule);
  expect(rule.cidrBlocks[0]).toBe(UNKNOWN);
});

test("a document nested deeper than 256 levels is refused", () => {
  expect(() => readerValues(JSON.parse("[".repeat(300) + "]".repeat(300)))).toThrow(InputError);
});

test.each<[string, unknown, number]>([
  ["none in provider-written values", { description: "", icmpCode: 0, routes: [] }, 0],
  ["one as a property and one in a list", { fromPort: UNKNOWN_NUMBER, cidrBlocks: ["10.0.0.0/8", UNKNOWN_STRING] }, 2],
  ["one inside a secret's value", { tags: { [SIG]: SECRET, value: { owner: UNKNOWN_STRING } } }, 1],
])("the reading counts the unknowns it met: %s", (_, document, unknowns) => {
  const reading = { unknowns: 0 };
  readerValues(document, 0, reading);
  expect(reading.unknowns).toBe(unknowns);
});

test("a resource names the inputs that hold an unknown anywhere inside, and only those", () => {
  const urn = "urn:pulumi:dev::edge::aws:ec2/securityGroupRule:SecurityGroupRule::cls";
  const inputs = { securityGroupId: UNKNOWN_STRING, cidrBlocks: ["0.0.0.0/0"], tags: { [SIG]: SECRET, value: { owner: UNKNOWN_STRING } }, fromPort: 50001 };
  expect(resource({ urn, type: "aws:ec2/securityGroupRule:SecurityGroupRule", inputs }).unknownInputs).toEqual(["securityGroupId", "tags"]);
  expect(resource({ urn, type: "aws:ec2/securityGroupRule:SecurityGroupRule", inputs: { cidrBlocks: ["0.0.0.0/0"] }, outputs: { id: UNKNOWN_STRING } }).unknownInputs).toEqual([]);
});

