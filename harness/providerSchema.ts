import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * The output shape of resources of the Pulumi SDKs below, read from each package's own typings
 * with the TypeScript compiler API, and the outputs its provider writes after an update. The AWS,
 * Azure Classic and Google Cloud providers bridge Terraform providers, which write every field of
 * a resource; an unset one reads "" / 0 / false / [] / null. Azure Native writes what Azure
 * Resource Manager returns: an unset field is absent (armOutputs.ts). The mock runner and the
 * real-state tests build provider-shaped documents from this.
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

/** A Pulumi SDK package; its root is resolved on first use, so a run that meets only AWS loads nothing else. */
class Sdk {
  private root?: string;

  constructor(
    private readonly npmName: string,
    /** Bridges a Terraform provider, which writes every field; otherwise unset fields are absent. */
    readonly bridged: boolean,
  ) {}

  file(...parts: string[]): string {
    this.root ??= path.dirname(require.resolve(`${this.npmName}/package.json`));
    return path.join(this.root, ...parts);
  }
}

const SDKS = {
  aws: new Sdk("@pulumi/aws", true),
  azure: new Sdk("@pulumi/azure", true),
  gcp: new Sdk("@pulumi/gcp", true),
  "azure-native": new Sdk("@pulumi/azure-native", false),
};

interface ClassFile {
  readonly sdk: Sdk;
  readonly file: string;
  readonly className: string;
}

/**
 * A bridged token names its file: "aws:ec2/networkAcl:NetworkAcl" -> ec2/networkAcl.d.ts, class
 * NetworkAcl (resources outside a module sit at the root). An Azure Native token does not:
 * "azure-native:network:NetworkSecurityGroup" -> network/networkSecurityGroup.d.ts.
 */
function classFile(token: string): ClassFile | undefined {
  const bridged = /^(aws|azure|gcp):([\w-]+)\/(\w+):(\w+)$/.exec(token);
  if (bridged) {
    const [, provider, module, file, className] = bridged;
    const sdk = SDKS[provider as "aws" | "azure" | "gcp"];
    return { sdk, file: sdk.file(...(module === "index" ? [] : [module]), `${file}.d.ts`), className };
  }
  const native = /^azure-native:(\w+):(\w+)$/.exec(token);
  if (!native) return undefined;
  const [, module, className] = native;
  const sdk = SDKS["azure-native"];
  return { sdk, file: sdk.file(module, `${className[0].toLowerCase()}${className.slice(1)}.d.ts`), className };
}

/** Whether the provider of a token bridges Terraform; undefined for a provider none of the SDKs is. */
function isBridged(token: string): boolean | undefined {
  return classFile(token)?.sdk.bridged;
}

/** The Azure REST API version an Azure Native resource class uses, as its typings' doc comment states. */
export function azureApiVersion(token: string): string | undefined {
  const found = classFile(token);
  const text = found && fs.existsSync(found.file) ? fs.readFileSync(found.file, "utf8") : "";
  return /Uses Azure REST API version (\S+?)\.(\s|$)/.exec(text)?.[1];
}

function parse(name: string, text: string): ts.SourceFile {
  return ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false);
}

/** A typings file being read, and the SDK whose `outputs.<module>.<Type>` its references name. */
interface Scope {
  readonly source: ts.SourceFile;
  readonly sdk: Sdk;
}

const resourceMemo = new Map<string, Fields | undefined>();

/** The outputs of a resource class (its `readonly x: pulumi.Output<T>` properties); undefined for a token none of the SDKs has. */
export function resourceFields(token: string): Fields | undefined {
  if (resourceMemo.has(token)) return resourceMemo.get(token);
  const found = classFile(token);
  const fields = found && fs.existsSync(found.file) ? classFields({ source: parse(found.file, fs.readFileSync(found.file, "utf8")), sdk: found.sdk }, found.className) : undefined;
  resourceMemo.set(token, fields);
  return fields;
}

function classFields(scope: Scope, className: string): Fields | undefined {
  const declaration = scope.source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className);
  if (!declaration) return undefined;
  const outputs = declaration.members.filter(
    (m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && hasModifier(m, ts.SyntaxKind.ReadonlyKeyword) && !hasModifier(m, ts.SyntaxKind.StaticKeyword),
  );
  return new Map(outputs.map((m) => [m.name.getText(scope.source), fieldOf(m, scope)]));
}

function hasModifier(node: ts.PropertyDeclaration, kind: ts.SyntaxKind): boolean {
  return (node.modifiers ?? []).some((m) => m.kind === kind);
}

function fieldOf(member: ts.PropertyDeclaration | ts.PropertySignature, scope: Scope): Field {
  const read = member.type ? typeOf(unwrapOutput(member.type, scope.source), scope) : { kind: UNKNOWN_KIND, optional: true };
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

function typeOf(type: ts.TypeNode, scope: Scope): { kind: Kind; optional: boolean } {
  if (ts.isUnionTypeNode(type)) return unionOf(type, scope);
  if (ts.isParenthesizedTypeNode(type)) return typeOf(type.type, scope);
  return { kind: kindOf(type, scope), optional: false };
}

const ABSENT = [ts.SyntaxKind.UndefinedKeyword, ts.SyntaxKind.NullKeyword];

function isAbsent(type: ts.TypeNode): boolean {
  return ABSENT.includes(type.kind) || (ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword);
}

/** `T | undefined` is an optional T; a union of several kinds ("a" | "b" is one kind) is unknown. */
function unionOf(type: ts.UnionTypeNode, scope: Scope): { kind: Kind; optional: boolean } {
  const present = type.types.filter((t) => !isAbsent(t));
  const kinds = present.map((t) => kindOf(t, scope));
  const same = kinds.every((k) => k.kind === kinds[0].kind && k.kind !== "object" && k.kind !== "list");
  const kind = kinds.length === 1 || (kinds.length > 0 && same) ? kinds[0] : { kind: "unknown" as const, text: type.getText(scope.source) };
  return { kind, optional: present.length < type.types.length };
}

function kindOf(type: ts.TypeNode, scope: Scope): Kind {
  const scalar = SCALARS[type.kind];
  if (scalar) return scalar;
  if (ts.isLiteralTypeNode(type)) return literalKind(type.literal) ?? { kind: "unknown", text: type.getText(scope.source) };
  if (ts.isArrayTypeNode(type)) return { kind: "list", of: kindOf(type.elementType, scope) };
  if (ts.isParenthesizedTypeNode(type)) return typeOf(type.type, scope).kind;
  if (ts.isTypeLiteralNode(type) && type.members.some(ts.isIndexSignatureDeclaration)) return { kind: "map" };
  if (ts.isTypeReferenceNode(type)) return referenceKind(type, scope);
  return { kind: "unknown", text: type.getText(scope.source) };
}

function literalKind(literal: ts.LiteralTypeNode["literal"]): Kind | undefined {
  if (ts.isStringLiteral(literal)) return SCALARS[ts.SyntaxKind.StringKeyword];
  if (ts.isNumericLiteral(literal)) return SCALARS[ts.SyntaxKind.NumberKeyword];
  if (literal.kind === ts.SyntaxKind.TrueKeyword || literal.kind === ts.SyntaxKind.FalseKeyword) return SCALARS[ts.SyntaxKind.BooleanKeyword];
  return undefined;
}

/** `outputs.<module>.<Interface>` is a nested block; `Record<string, T>` a map. */
function referenceKind(type: ts.TypeReferenceNode, scope: Scope): Kind {
  const name = type.typeName.getText(scope.source);
  if (name === "Record") return { kind: "map" };
  const output = /^outputs\.(\w+)\.(\w+)$/.exec(name);
  return output ? outputType(scope.sdk, output[1], output[2]) : { kind: "unknown", text: type.getText(scope.source) };
}

const objectMemo = new Map<Sdk, Map<string, Kind>>();

function outputType(sdk: Sdk, module: string, name: string): Kind {
  const type = `${module}.${name}`;
  if (!objectMemo.has(sdk)) objectMemo.set(sdk, new Map());
  const known = objectMemo.get(sdk)!.get(type);
  if (known) return known;
  let fields: Fields | undefined;
  const kind: Kind = {
    kind: "object",
    type,
    get fields() {
      fields ??= outputInterfaceFields(sdk, module, name);
      return fields;
    },
  };
  objectMemo.get(sdk)!.set(type, kind);
  return kind;
}

/**
 * An SDK's types/output.d.ts holds every module's output types (5.6 MB for AWS, 7 MB for Google
 * Cloud, 9 MB for Azure Native; one `export declare namespace` per module). Parsing all of AWS's
 * takes 0.6-1.1 s on 2 cores; its ec2 namespace (0.3 MB), cut out by its header line, about
 * 0.05 s. So only the namespaces asked for are parsed, each once.
 */
class OutputTypes {
  private text?: string;
  private starts?: Map<string, number>;
  private readonly parsed = new Map<string, Scope & { interfaces: Map<string, ts.InterfaceDeclaration> }>();

  constructor(private readonly sdk: Sdk) {}

  private slice(module: string): string | undefined {
    this.text ??= fs.readFileSync(this.sdk.file("types", "output.d.ts"), "utf8");
    this.starts ??= new Map([...this.text.matchAll(/^export declare namespace (\w+) \{$/gm)].map((m) => [m[1], m.index!]));
    const start = this.starts.get(module);
    if (start === undefined) return undefined;
    const end = this.text.indexOf("\nexport declare namespace ", start + 1);
    return this.text.slice(start, end === -1 ? undefined : end);
  }

  namespace(module: string) {
    if (!this.parsed.has(module)) {
      const text = this.slice(module);
      if (text === undefined) return undefined;
      const source = parse(`output.${module}.d.ts`, text);
      const body = source.statements.find(ts.isModuleDeclaration)?.body;
      const members = body && ts.isModuleBlock(body) ? body.statements.filter(ts.isInterfaceDeclaration) : [];
      this.parsed.set(module, { source, sdk: this.sdk, interfaces: new Map(members.map((i) => [i.name.text, i])) });
    }
    return this.parsed.get(module);
  }
}

const outputTypes = new Map<Sdk, OutputTypes>();

function outputInterfaceFields(sdk: Sdk, module: string, name: string): Fields {
  if (!outputTypes.has(sdk)) outputTypes.set(sdk, new OutputTypes(sdk));
  const parsed = outputTypes.get(sdk)!.namespace(module);
  const declaration = parsed?.interfaces.get(name);
  if (!parsed || !declaration) return new Map();
  const members = declaration.members.filter(ts.isPropertySignature);
  return new Map(members.map((m) => [m.name.getText(parsed.source), fieldOf(m, parsed)]));
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

export function isPlainObject(value: unknown): value is Record<string, unknown> {
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

/** What ARM returns: the fields it knows that have a value, nested blocks alike; nothing for an unset field. */
function armFields(fields: Fields, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of fields) {
    const value = given[name];
    if (value !== undefined && value !== null) out[name] = armValue(field.kind, value);
  }
  return out;
}

function armValue(kind: Kind, value: unknown): unknown {
  if (kind.kind === "list" && Array.isArray(value)) return value.map((item) => armValue(kind.of, item));
  if (kind.kind === "object" && isPlainObject(value)) return armFields(kind.fields, value);
  return value;
}

/**
 * The outputs the provider writes after an update of a resource created from `inputs`, with
 * `computed` (values only the cloud knows) taking precedence and shaped the same way. A bridged
 * provider writes every field (a computed block gets its unset fields too) and keeps keys its
 * schema lacks; Azure Native writes the fields ARM returns and no others (not the inputs that
 * only address the resource, such as resourceGroupName). A token none of the SDKs knows keeps its
 * values as given.
 */
export function providerOutputs(token: string, inputs: Record<string, unknown>, computed: Record<string, unknown> = {}): Record<string, unknown> {
  const fields = resourceFields(token);
  const given = { ...inputs, ...computed };
  if (!fields) return given;
  return isBridged(token) ? writtenFields(fields, given) : armFields(fields, given);
}
