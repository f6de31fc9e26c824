/**
 * Loads the framework mapping files of a directory (every *.yaml / *.yml in it), validates each
 * against schemas/framework.schema.json plus what a schema cannot say (file named after its id,
 * unique ids, known rule ids), and reports every problem with file and location at once.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import schema from '../../schemas/framework.schema.json' with { type: 'json' };
import { InputError, type Problem } from '../errors.ts';
import { parseYaml, yamlSchemaProblems } from '../config/yaml-source.ts';
import type { Framework, FrameworkFile, Requirement } from '../model/index.ts';
import { COMPILED, compiledPath, packagePath } from '../paths.ts';

// Compiled on first use: a start-up that reads the build-time index never pays for it.
let validator: ValidateFunction | undefined;
function validateFramework(value: unknown): boolean {
  if (!validator) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator(value);
}

export interface LoadedFrameworks {
  frameworks: Framework[];
  problems: Problem[];
}

/**
 * Parses one framework file. `knownRules`, when given, turns every rule id it does not hold into
 * a problem at that id's line.
 */
export function parseFramework(file: string, text: string, knownRules?: ReadonlySet<string>): LoadedFrameworks {
  const parsed = parseYaml(file, text);
  if (!parsed.ok) return { frameworks: [], problems: parsed.problems };
  const src = parsed.source;
  if (!validateFramework(src.value)) return { frameworks: [], problems: yamlSchemaProblems(src, validator?.errors) };
  const def = src.value as unknown as FrameworkFile;
  const problems: Problem[] = [];
  const stem = basename(file, extname(file));
  if (stem !== def.id) problems.push({ file, location: src.locate(['id']), message: `id is '${def.id}' but the file is named ${basename(file)}; name it ${def.id}.yaml` });
  const seen = new Map<string, number>();
  def.requirements.forEach((req, i) => {
    const first = seen.get(req.id);
    if (first !== undefined) problems.push({ file, location: src.locate(['requirements', i, 'id']), message: `duplicate requirement id '${req.id}' (first at requirements[${first}])` });
    else seen.set(req.id, i);
    const rulesSeen = new Set<string>();
    req.rules.forEach((rule, j) => {
      if (rulesSeen.has(rule)) problems.push({ file, location: src.locate(['requirements', i, 'rules', j]), message: `rule ${rule} is listed twice for ${req.id}` });
      rulesSeen.add(rule);
      if (knownRules && !knownRules.has(rule)) problems.push({ file, location: src.locate(['requirements', i, 'rules', j]), message: `${req.id} names ${rule}, which is not a loaded rule` });
    });
  });
  const requirements: Requirement[] = def.requirements.map((r) => ({ id: r.id, title: r.title, ...(r.section !== undefined ? { section: r.section } : {}), rules: [...r.rules] }));
  const framework: Framework = { id: def.id, name: def.name, version: def.version, url: def.url, description: def.description.trim(), requirements, file };
  return { frameworks: problems.length === 0 ? [framework] : [], problems };
}

/**
 * Loads every framework file in `dir`, sorted by file name. Problems are returned, not thrown, so
 * the rule loader can report them with its own; `loadFrameworksOrThrow` throws them.
 */
export async function loadFrameworks(dir: string, knownRules?: ReadonlySet<string>): Promise<LoadedFrameworks> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    return { frameworks: [], problems: [{ file: dir, location: '', message: code === 'ENOENT' ? 'framework directory does not exist' : `cannot read framework directory (${code})` }] };
  }
  const frameworks: Framework[] = [];
  const problems: Problem[] = [];
  const ids = new Map<string, string>();
  const index = builtinFrameworkIndex();
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      problems.push({ file, location: '', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'EIO'})` });
      continue;
    }
    const one = fromIndex(await index, dir, name, text, file, knownRules) ?? parseFramework(file, text, knownRules);
    problems.push(...one.problems);
    for (const fw of one.frameworks) {
      const first = ids.get(fw.id);
      if (first !== undefined) problems.push({ file, location: 'id', message: `duplicate framework id '${fw.id}': already used by ${first}` });
      else {
        ids.set(fw.id, file);
        frameworks.push(fw);
      }
    }
  }
  if (names.length === 0) problems.push({ file: dir, location: '', message: 'holds no framework file (<id>.yaml)' });
  return { frameworks, problems };
}

export async function loadFrameworksOrThrow(dir: string, knownRules?: ReadonlySet<string>): Promise<Framework[]> {
  const loaded = await loadFrameworks(dir, knownRules);
  if (loaded.problems.length > 0) throw new InputError('cannot load compliance frameworks', loaded.problems);
  return loaded.frameworks;
}

/**
 * The built-in framework files as the full loader validated them at build time, by file name and
 * sha256 (dist/compliance/index.json): `rules list` and every command that loads the built-in
 * pack read it instead of parsing and schema-checking the YAML. A file whose bytes differ, or
 * that names a rule not loaded, is parsed the full way (so its problems carry their lines).
 */
interface IndexedFramework {
  name: string;
  sha256: string;
  framework: Omit<Framework, 'file'>;
}

const FRAMEWORK_INDEX = compiledPath('compliance/index.json');
let indexed: Promise<Map<string, IndexedFramework> | undefined> | undefined;

function builtinFrameworkIndex(): Promise<Map<string, IndexedFramework> | undefined> {
  if (!COMPILED) return Promise.resolve(undefined);
  indexed ??= readFile(FRAMEWORK_INDEX, 'utf8').then(
    (text) => new Map((JSON.parse(text) as { frameworks: IndexedFramework[] }).frameworks.map((f) => [f.name, f])),
    () => undefined,
  );
  return indexed;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function fromIndex(index: Map<string, IndexedFramework> | undefined, dir: string, name: string, text: string, file: string, knownRules: ReadonlySet<string> | undefined): LoadedFrameworks | undefined {
  if (!index || resolve(dir) !== resolve(packagePath('compliance'))) return undefined;
  const entry = index.get(name);
  if (!entry || entry.sha256 !== sha256(text)) return undefined;
  if (knownRules && entry.framework.requirements.some((r) => r.rules.some((id) => !knownRules.has(id)))) return undefined;
  return { frameworks: [{ ...entry.framework, requirements: entry.framework.requirements.map((r) => ({ ...r, rules: [...r.rules] })), file }], problems: [] };
}

/** Writes the index of the built-in framework files, each as the full loader reads it (npm run build). */
export async function writeBuiltinFrameworkIndex(frameworks: readonly Framework[]): Promise<string> {
  const entries: IndexedFramework[] = [];
  for (const fw of frameworks) {
    const { file, ...framework } = fw;
    entries.push({ name: basename(file), sha256: sha256(await readFile(file, 'utf8')), framework });
  }
  await mkdir(dirname(FRAMEWORK_INDEX), { recursive: true });
  await writeFile(FRAMEWORK_INDEX, `${JSON.stringify({ frameworks: entries })}\n`);
  return FRAMEWORK_INDEX;
}
