/**
 * Finding and reading the config file. Parsing it (YAML, schema, defaults) is config/parse.ts,
 * loaded only when there is a file to parse.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import type { Config } from '../model/index.ts';
import { describeFsError } from '../util/fs-errors.ts';
import { defaultConfig } from './defaults.ts';

export const CONFIG_FILE_NAMES = ['.proton-audit.yml', '.proton-audit.yaml'] as const;

/**
 * Reads the config at `path`, or the first of CONFIG_FILE_NAMES in `cwd`, or returns defaults
 * when neither exists. An explicit path that does not exist is an error.
 */
export async function loadConfig(path?: string, cwd: string = process.cwd()): Promise<Config> {
  let file: string | undefined;
  if (path !== undefined) file = resolve(cwd, path);
  else file = CONFIG_FILE_NAMES.map((n) => join(cwd, n)).find((f) => existsSync(f));
  if (file === undefined) return defaultConfig();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(`cannot read config ${file}`, [{ file, location: '', message: describeFsError(code) }]);
  }
  const { parseConfig } = await import('./parse.ts');
  return parseConfig(file, text);
}

