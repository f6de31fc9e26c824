/**
 * Loads the framework mapping files of a directory (every *.yaml / *.yml in it), validates each
 * against schemas/framework.schema.json plus what a schema cannot say (file named after its id,
 * unique ids, known rule ids), and reports every problem with file and location at once.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Ajv } from 'ajv';
import schema from '../../schemas/framework.schema.json' with { type: 'json' };
import { InputError, type Problem } from '../errors.ts';
import { parseYaml, yamlSchemaProblems } from '../config/yaml-source.ts';
import type { Framework, FrameworkFile, Requirement } from '../model/index.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
const validateFramework = ajv.compile(schema);

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
  if (!validateFramework(src.value)) return { frameworks: [], problems: yamlSchemaProblems(src, validateFramework.errors) };
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
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      problems.push({ file, location: '', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'EIO'})` });
      continue;
    }
    const one = parseFramework(file, text, knownRules);
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
