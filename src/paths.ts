/**
 * Where the package's own files are, whether this runs from source (src/) or compiled (dist/src/):
 * the built-in rules, the report assets, the examples and package.json stay at the package root.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** True when running the compiled JavaScript in dist/. */
export const COMPILED = import.meta.url.endsWith('.js');

export const PACKAGE_ROOT = COMPILED ? resolve(here, '..', '..') : resolve(here, '..');

/** An absolute path inside the package. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

/** The compiled twin of a package file (dist/<path>.js), e.g. a built-in TypeScript rule. */
export function compiledPath(relativeTs: string): string {
  return join(PACKAGE_ROOT, 'dist', relativeTs.replace(/\.ts$/, '.js'));
}
