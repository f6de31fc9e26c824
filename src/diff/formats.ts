/** The diff output formats, without the differs: the CLI lists them in --help cheaply. */
export type DiffFormat = 'table' | 'json' | 'markdown';
export const DIFF_FORMATS: readonly DiffFormat[] = ['table', 'json', 'markdown'];
