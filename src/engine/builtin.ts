/** Where the built-in rule pack and its framework mappings are (defined next to the loader that defaults to them). */
export { BUILTIN_RULES_DIR, BUILTIN_FRAMEWORKS_DIR } from './load/builtin.ts';
