/** Where the built-in rule pack and its compliance framework mappings live in the package. */
import { sep } from 'node:path';
import { packagePath } from '../../paths.ts';

/** The built-in rule pack shipped with the tool. */
export const BUILTIN_RULES_DIR = packagePath('rules') + sep;

/** The framework mapping files (compliance/<framework>.yaml) that map the built-in rules. */
export const BUILTIN_FRAMEWORKS_DIR = packagePath('compliance') + sep;
