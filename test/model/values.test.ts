import { describe as describeValue, display, reveal, Secret, UNKNOWN } from "../../src/model/values";

/** What a reviewer reads when a value cannot be used: each kind named, secrets never shown. */
describe("describe", () => {
  test.each([
    ["a secret", new Secret("10.0.0.0/8"), "[secret]"],
    ["an unknown", UNKNOWN, "an unknown value"],
    ["null", null, "null"],
    ["undefined", undefined, "nothing"],
    ["an array", ["0.0.0.0/0"], "an array"],
    ["a string, quoted", "0.0.0.0/33", '"0.0.0.0/33"'],
    ["a string of 80 characters, whole", "x".repeat(80), JSON.stringify("x".repeat(80))],
    ["a longer string, cut at 77 and marked", "y".repeat(81), JSON.stringify(`${"y".repeat(77)}...`)],
    ["an object", { cidr: "0.0.0.0/0" }, "an object"],
    ["a number", 65536, "number 65536"],
    ["a boolean", true, "boolean true"],
  ])("%s", (_name, value, expected) => expect(describeValue(value)).toBe(expected));
});

describe("display", () => {
  test.each([
    ["a string as it is", "sg-0123", "sg-0123"],
    ["a secret hidden", new Secret("sg-0123"), "[secret]"],
    ["anything else described", 42, "number 42"],
    ["an unknown described", UNKNOWN, "an unknown value"],
  ])("%s", (_name, value, expected) => expect(display(value)).toBe(expected));
});

describe("Secret", () => {
  test("prints as [secret] in strings and JSON, reveals its value for computing", () => {
    const secret = new Secret(new Secret("203.0.113.0/24"));
    expect(`${secret}`).toBe("[secret]");
    expect(JSON.stringify({ cidr: secret })).toBe('{"cidr":"[secret]"}');
    expect(reveal(secret)).toBe("203.0.113.0/24");
    expect(reveal("plain")).toBe("plain");
  });
});
