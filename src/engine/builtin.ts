/** The built-in rule pack shipped with the tool. */
import { sep } from 'node:path';
import { packagePath } from '../paths.ts';

export const BUILTIN_RULES_DIR = packagePath('rules') + sep;
