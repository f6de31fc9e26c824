/** The report formats, without the renderers: the CLI lists them in --help cheaply. */
export const FORMAT_NAMES = ['table', 'json', 'jsonl', 'sarif', 'html', 'markdown', 'csv', 'ocsf'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
