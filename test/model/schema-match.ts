/**
 * Compares a TypeScript type with a JSON Schema, so a field added to one and not the other fails
 * a test instead of drifting. Objects: closed schemas (additionalProperties: false) must list
 * exactly the type's properties; open ones (AWS records that keep unknown fields) must have each
 * listed property in the type. Required-ness, enums/consts, arrays, maps and primitives are
 * compared recursively; $ref and allOf are followed.
 */
import ts from 'typescript';

type Schema = Record<string, unknown>;

export interface MatchOptions {
  /** JSON paths (e.g. '$.requiredTags') whose required-ness is not compared (config files: every key optional). */
  looseRequired?: (path: string) => boolean;
  /** Properties that exist on only one side on purpose, by JSON path of the property. */
  ignore?: readonly string[];
}

export function loadProgram(files: readonly string[]): { program: ts.Program; checker: ts.TypeChecker } {
  const program = ts.createProgram([...files], {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    skipLibCheck: true,
  });
  return { program, checker: program.getTypeChecker() };
}

export function exportedType(program: ts.Program, checker: ts.TypeChecker, file: string, name: string): ts.Type {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`no source file ${file}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
  if (!symbol) throw new Error(`${file} exports no ${name}`);
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return checker.getDeclaredTypeOfSymbol(target);
}

function primitiveFlag(kind: string): ts.TypeFlags {
  if (kind === 'string') return ts.TypeFlags.StringLike;
  if (kind === 'boolean') return ts.TypeFlags.BooleanLike;
  if (kind === 'number' || kind === 'integer') return ts.TypeFlags.NumberLike;
  return ts.TypeFlags.Never;
}

export function compareSchemaToType(checker: ts.TypeChecker, root: Schema, schema: Schema, type: ts.Type, opts: MatchOptions = {}): string[] {
  const problems: string[] = [];

  const deref = (s: Schema): Schema => {
    let cur = s;
    for (let i = 0; i < 20 && typeof cur.$ref === 'string'; i++) {
      const ref = cur.$ref as string;
      if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
      let node: unknown = root;
      for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part];
      cur = { ...(node as Schema), ...Object.fromEntries(Object.entries(cur).filter(([k]) => k !== '$ref')) };
    }
    return cur;
  };

  /** allOf members merged into one object schema. */
  const flatten = (s: Schema): Schema => {
    const d = deref(s);
    if (!Array.isArray(d.allOf)) return d;
    const merged: Schema = { ...d, properties: { ...((d.properties as Schema) ?? {}) }, required: [...((d.required as string[]) ?? [])] };
    delete merged.allOf;
    for (const part of d.allOf as Schema[]) {
      const p = flatten(part);
      if (p.type !== undefined) merged.type = p.type;
      Object.assign(merged.properties as Schema, (p.properties as Schema) ?? {});
      (merged.required as string[]).push(...((p.required as string[]) ?? []));
      if (p.additionalProperties === false) merged.additionalProperties = false;
    }
    return merged;
  };

  const withoutUndefined = (t: ts.Type): ts.Type[] => (t.isUnion() ? t.types : [t]).filter((m) => !(m.flags & ts.TypeFlags.Undefined));
  const name = (t: ts.Type): string => checker.typeToString(t);

  const literalValues = (members: ts.Type[]): Array<string | number | boolean> | undefined => {
    const out: Array<string | number | boolean> = [];
    for (const m of members) {
      if (m.isStringLiteral() || m.isNumberLiteral()) out.push(m.value);
      else if (m.flags & ts.TypeFlags.BooleanLiteral) out.push(name(m) === 'true');
      else return undefined;
    }
    return out;
  };

  const visit = (s0: Schema, t: ts.Type, path: string): void => {
    const s = flatten(s0);
    const members = withoutUndefined(t);
    const nullable = members.some((m) => m.flags & ts.TypeFlags.Null);
    const nonNull = members.filter((m) => !(m.flags & ts.TypeFlags.Null));
    const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
    if (nullable && !types.includes('null') && !(Array.isArray(s.enum) && s.enum.includes(null))) problems.push(`${path}: the type allows null, the schema does not`);
    if (!nullable && types.includes('null')) problems.push(`${path}: the schema allows null, the type does not`);
    if (nonNull.length === 0) return;
    const one = nonNull[0] as ts.Type;
    const shown = nonNull.map(name).join(' | ');

    if (s.const !== undefined || Array.isArray(s.enum)) {
      const expected = (s.const !== undefined ? [s.const] : (s.enum as unknown[])).filter((v) => v !== null);
      const actual = literalValues(nonNull);
      if (!actual) problems.push(`${path}: the schema lists values ${JSON.stringify(expected)}, the type is ${shown}`);
      else if (JSON.stringify([...actual].map(String).sort()) !== JSON.stringify(expected.map(String).sort())) {
        problems.push(`${path}: the schema allows ${JSON.stringify(expected)}, the type ${JSON.stringify(actual)}`);
      }
      return;
    }
    const only = types.filter((x) => x !== 'null');
    if (only.length === 0 && s.properties === undefined && s.items === undefined) return; // {}: any value
    if (only.length > 1) {
      // A union of kinds (an option default): each member of the type must be one of them.
      for (const m of nonNull) {
        const k = only.find((x) => (x === 'array' ? checker.isArrayType(m) : m.flags & primitiveFlag(x)));
        if (!k) problems.push(`${path}: the schema allows ${only.join(' | ')}, the type has ${name(m)}`);
        else if (k === 'array' && s.items) visit(s.items as Schema, checker.getTypeArguments(m as ts.TypeReference)[0] as ts.Type, `${path}[]`);
      }
      return;
    }
    const kind = only[0] ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
    if (kind === 'string' || kind === 'number' || kind === 'integer' || kind === 'boolean') {
      const flag = primitiveFlag(kind);
      // A literal union in the type is narrower than a plain string in an open AWS record: fine.
      if (!nonNull.every((m) => m.flags & flag)) problems.push(`${path}: the schema says ${kind}, the type is ${shown}`);
      return;
    }
    if (kind === 'array' && Array.isArray(s.items)) {
      // A tuple: positional item schemas against the tuple's element types.
      const elements = nonNull.length === 1 && checker.isTupleType(one) ? checker.getTypeArguments(one as ts.TypeReference) : undefined;
      if (!elements || elements.length !== s.items.length) {
        problems.push(`${path}: the schema says a ${s.items.length}-tuple, the type is ${shown}`);
        return;
      }
      (s.items as Schema[]).forEach((item, i) => visit(item, elements[i] as ts.Type, `${path}[${i}]`));
      return;
    }
    if (kind === 'array') {
      const element = nonNull.length === 1 && checker.isArrayType(one) ? checker.getTypeArguments(one as ts.TypeReference)[0] : undefined;
      if (!element) {
        problems.push(`${path}: the schema says array, the type is ${shown}`);
        return;
      }
      if (s.items && typeof s.items === 'object') visit(s.items as Schema, element, `${path}[]`);
      return;
    }
    if (kind === 'object') {
      if (nonNull.length !== 1 || !(one.flags & ts.TypeFlags.Object)) {
        problems.push(`${path}: the schema says object, the type is ${shown}`);
        return;
      }
      const props = checker.getPropertiesOfType(one);
      const schemaProps = (s.properties as Schema | undefined) ?? {};
      const index = checker.getIndexInfoOfType(one, ts.IndexKind.String);
      if (Object.keys(schemaProps).length === 0 && typeof s.additionalProperties === 'object') {
        if (index) visit(s.additionalProperties as Schema, index.type, `${path}.*`);
        else for (const p of props) visit(s.additionalProperties as Schema, checker.getTypeOfSymbol(p), `${path}.${p.name}`);
        return;
      }
      if (Object.keys(schemaProps).length === 0) return; // an open object: { type: object }
      const required = new Set((s.required as string[] | undefined) ?? []);
      const ignored = new Set(opts.ignore ?? []);
      const byName = new Map(props.map((p) => [p.name, p]));
      for (const [key, sub] of Object.entries(schemaProps)) {
        const at = `${path}.${key}`;
        if (ignored.has(at)) continue;
        const p = byName.get(key);
        if (!p) {
          problems.push(`${at}: in the schema, not in the type`);
          continue;
        }
        const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
        if (!opts.looseRequired?.(path)) {
          if (optional && required.has(key)) problems.push(`${at}: required in the schema, optional in the type`);
          if (!optional && !required.has(key)) problems.push(`${at}: optional in the schema, required in the type`);
        }
        visit(sub as Schema, checker.getTypeOfSymbol(p), at);
      }
      if (s.additionalProperties === false) {
        for (const p of props) if (!(p.name in schemaProps) && !ignored.has(`${path}.${p.name}`)) problems.push(`${path}.${p.name}: in the type, not in the (closed) schema`);
      }
      return;
    }
    problems.push(`${path}: schema construct not compared (${JSON.stringify(Object.keys(s))})`);
  };

  visit(schema, type, '$');
  return problems;
}
