import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * The output shape of @pulumi/aws resources, read from the package's own typings with the
 * TypeScript compiler API, and the outputs the provider writes after an update. Pulumi's AWS
 * provider bridges the Terraform provider, which writes every field of a resource; an unset one
 * reads "" / 0 / false / [] / null. The mock runner and the real-state tests build provider-shaped
 * documents from this.
 */
export type Kind =
  | { readonly kind: "string" | "number" | "boolean" | "map" }
  | { readonly kind: "list"; readonly of: Kind }
  /** `fields` is read on first use: output types nest deeply and some refer to themselves. */
  | { readonly kind: "object"; readonly type: string; readonly fields: Fields }
  | { readonly kind: "unknown"; readonly text: string };

export interface Field {
  readonly kind: Kind;
  /** The typing admits undefined (`x?:` or `T | undefined`). */
  readonly optional: boolean;
}

export type Fields = ReadonlyMap<string, Field>;

const AWS_ROOT = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** "aws:ec2/networkAcl:NetworkAcl" -> ec2/networkAcl.d.ts, class NetworkAcl; resources outside a module sit at the root. */
function classFile(token: string): { file: string; className: string } | undefined {
  const match = /^aws:([\w-]+)\/(\w+):(\w+)$/.exec(token);
  if (!match) return undefined;
  const [, module, file, className] = match;
  return { file: path.join(AWS_ROOT, ...(module === "index" ? [] : [module]), `${file}.d.ts`), className };
}

function parse(name: string, text: string): ts.SourceFile {
  return ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false);
}

const resourceMemo = new Map<string, Fields | undefined>();

/** The outputs of a resource class (its `readonly x: pulumi.Output<T>` properties); undefined for a token @pulumi/aws does not have. */
export function resourceFields(token: string): Fields | undefined {
  if (resourceMemo.has(token)) return resourceMemo.get(token);
  const found = classFile(token);
  const fields = found && fs.existsSync(found.file) ? classFields(parse(found.file, fs.readFileSync(found.file, "utf8")), found.className) : undefined;
  resourceMemo.set(token, fields);
  return fields;
}

function classFields(source: ts.SourceFile, className: string): Fields | undefined {
  const declaration = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className);
  if (!declaration) return undefined;
  const outputs = declaration.members.filter(
    (m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && hasModifier(m, ts.SyntaxKind.ReadonlyKeyword) && !hasModifier(m, ts.SyntaxKind.StaticKeyword),
  );
  return new Map(outputs.map((m) => [m.name.getText(source), fieldOf(m, source)]));
}

function hasModifier(node: ts.PropertyDeclaration, kind: ts.SyntaxKind): boolean {
  return (node.modifiers ?? []).some((m) => m.kind === kind);
}

function fieldOf(member: ts.PropertyDeclaration | ts.PropertySignature, source: ts.SourceFile): Field {
  const read = member.type ? typeOf(unwrapOutput(member.type, source), source) : { kind: UNKNOWN_KIND, optional: true };
  return { kind: read.kind, optional: read.optional || member.questionToken !== undefined };
}

const UNKNOWN_KIND: Kind = { kind: "unknown", text: "" };

/** A class property's `pulumi.Output<T>` is T. */
function unwrapOutput(type: ts.TypeNode, source: ts.SourceFile): ts.TypeNode {
  const isOutput = ts.isTypeReferenceNode(type) && type.typeName.getText(source) === "pulumi.Output" && type.typeArguments?.length === 1;
  return isOutput ? type.typeArguments![0] : type;
}

const SCALARS: Partial<Record<ts.SyntaxKind, Kind>> = {
  [ts.SyntaxKind.StringKeyword]: { kind: "string" },
  [ts.SyntaxKind.NumberKeyword]: { kind: "number" },
  [ts.SyntaxKind.BooleanKeyword]: { kind: "boolean" },
};

function typeOf(type: ts.TypeNode, source: ts.SourceFile): { kind: Kind; optional: boolean } {
  if (ts.isUnionTypeNode(type)) return unionOf(type, source);
  if (ts.isParenthesizedTypeNode(type)) return typeOf(type.type, source);
  return { kind: kindOf(type, source), optional: false };
}

const ABSENT = [ts.SyntaxKind.UndefinedKeyword, ts.SyntaxKind.NullKeyword];

function isAbsent(type: ts.TypeNode): boolean {
  return ABSENT.includes(type.kind) || (ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword);
}

/** `T | undefined` is an optional T; a union of several kinds ("a" | "b" is one kind) is unknown. */
function unionOf(type: ts.UnionTypeNode, source: ts.SourceFile): { kind: Kind; optional: boolean } {
  const present = type.types.filter((t) => !isAbsent(t));
  const kinds = present.map((t) => kindOf(t, source));
  const same = kinds.every((k) => k.kind === kinds[0].kind && k.kind !== "object" && k.kind !== "list");
  const kind = kinds.length === 1 || (kinds.length > 0 && same) ? kinds[0] : { kind: "unknown" as const, text: type.getText(source) };
  return { kind, optional: present.length < type.types.length };
}

function kindOf(type: ts.TypeNode, source: ts.SourceFile): Kind {
  const scalar = SCALARS[type.kind];
  if (scalar) return scalar;
  if (ts.isLiteralTypeNode(type)) return literalKind(type.literal) ?? { kind: "unknown", text: type.getText(source) };
  if (ts.isArrayTypeNode(type)) return { kind: "list", of: kindOf(type.elementType, source) };
  if (ts.isParenthesizedTypeNode(type)) return typeOf(type.type, source).kind;
  if (ts.isTypeLiteralNode(type) && type.members.some(ts.isIndexSignatureDeclaration)) return { kind: "map" };
  if (ts.isTypeReferenceNode(type)) return referenceKind(type, source);
  return { kind: "unknown", text: type.getText(source) };
}

function literalKind(literal: ts.LiteralTypeNode["literal"]): Kind | undefined {
  if (ts.isStringLiteral(literal)) return SCALARS[ts.SyntaxKind.StringKeyword];
  if (ts.isNumericLiteral(literal)) return SCALARS[ts.SyntaxKind.NumberKeyword];
  if (literal.kind === ts.SyntaxKind.TrueKeyword || literal.kind === ts.SyntaxKind.FalseKeyword) return SCALARS[ts.SyntaxKind.BooleanKeyword];
  return undefined;
}

/** `outputs.<module>.<Interface>` is a nested block; `Record<string, T>` a map. */
function referenceKind(type: ts.TypeReferenceNode, source: ts.SourceFile): Kind {
  const name = type.typeName.getText(source);
  if (name === "Record") return { kind: "map" };
  const output = /^outputs\.(\w+)\.(\w+)$/.exec(name);
  return output ? outputType(output[1], output[2]) : { kind: "unknown", text: type.getText(source) };
}

const objectMemo = new Map<string, Kind>();

function outputType(module: string, name: string): Kind {
  const type = `${module}.${name}`;
  const known = objectMemo.get(type);
  if (known) return known;
  let fields: Fields | undefined;
  const kind: Kind = {
    kind: "object",
    type,
    get fields() {
      fields ??= outputInterfaceFields(module, name);
      return fields;
    },
  };
  objectMemo.set(type, kind);
  return kind;
}

/**
 * types/output.d.ts holds every module's output types (5.6 MB, one `export declare namespace` per
 * module). Parsing all of it takes 0.6-1.1 s on 2 cores; the ec2 namespace (0.3 MB), cut out by its
 * header line, about 0.05 s. So only the namespaces asked for are parsed, each once.
 */
const OUTPUT_FILE = path.join(AWS_ROOT, "types", "output.d.ts");
let outputText: string | undefined;
let namespaceStarts: Map<string, number> | undefined;

function namespaceSlice(module: string): string | undefined {
  outputText ??= fs.readFileSync(OUTPUT_FILE, "utf8");
  namespaceStarts ??= new Map([...outputText.matchAll(/^export declare namespace (\w+) \{$/gm)].map((m) => [m[1], m.index!]));
  const start = namespaceStarts.get(module);
  if (start === undefined) return undefined;
  const end = outputText.indexOf("\nexport declare namespace ", start + 1);
  return outputText.slice(start, end === -1 ? undefined : end);
}

function namespaceInterfaces(module: string): { source: ts.SourceFile; interfaces: Map<string, ts.InterfaceDeclaration> } | undefined {
  const text = namespaceSlice(module);
  if (text === undefined) return undefined;
  const source = parse(`output.${module}.d.ts`, text);
  const body = source.statements.find(ts.isModuleDeclaration)?.body;
  const members = body && ts.isModuleBlock(body) ? body.statements.filter(ts.isInterfaceDeclaration) : [];
  return { source, interfaces: new Map(members.map((i) => [i.name.text, i])) };
}

const parsedNamespaces = new Map<string, ReturnType<typeof namespaceInterfaces>>();

function outputInterfaceFields(module: string, name: string): Fields {
  if (!parsedNamespaces.has(module)) parsedNamespaces.set(module, namespaceInterfaces(module));
  const parsed = parsedNamespaces.get(module);
  const declaration = parsed?.interfaces.get(name);
  if (!parsed || !declaration) return new Map();
  const members = declaration.members.filter(ts.isPropertySignature);
  return new Map(members.map((m) => [m.name.getText(parsed.source), fieldOf(m, parsed.source)]));
}

/**
 * What the provider writes for a field nobody set. Terraform writes null or [] for an unset list
 * depending on the resource (aws_security_group_rule's cidr_blocks is often null); here it is
 * always [], and the real-state tests keep whatever Terraform wrote, so readers meet both.
 */
export function unsetValue(kind: Kind): unknown {
  switch (kind.kind) {
    case "string":
      return "";
    case "number":
      return 0;
    case "boolean":
      return false;
    case "list":
      return [];
    default:
      return null;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function written(kind: Kind, value: unknown): unknown {
  if (value === undefined || value === null) return unsetValue(kind);
  if (kind.kind === "list" && Array.isArray(value)) return value.map((item) => written(kind.of, item));
  if (kind.kind === "object" && isPlainObject(value)) return writtenFields(kind.fields, value);
  return value;
}

/** Every field of the schema, set ones as given (nested blocks filled in too); keys the schema lacks are kept. */
function writtenFields(fields: Fields, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...given };
  for (const [name, field] of fields) out[name] = written(field.kind, given[name]);
  return out;
}

/**
 * The outputs the provider writes after an update of a resource created from `inputs`, with
 * `computed` (values only the cloud knows) taking precedence and shaped the same way: a computed
 * block gets its unset fields too. A token @pulumi/aws does not know keeps its values as given.
 */
export function providerOutputs(token: string, inputs: Record<string, unknown>, computed: Record<string, unknown> = {}): Record<string, unknown> {
  const fields = resourceFields(token);
  const given = { ...inputs, ...computed };
  return fields ? writtenFields(fields, given) : given;
}
