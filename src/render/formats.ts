/** The report formats, without the renderers: the CLI lists them in --help cheaply. */
export const FORMAT_NAMES = ['table', 'json', 'jsonl', 'sarif', 'html', 'markdown', 'csv', 'ocsf'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** The file each format gets under `--output-dir` (the evidence bundle uses the same names). */
export const DEFAULT_OUTPUT_NAMES: Readonly<Record<FormatName, string>> = {
  table: 'report.txt',
  json: 'result.json',
  jsonl: 'result.jsonl',
  sarif: 'result.sarif',
  html: 'report.html',
  markdown: 'summary.md',
  csv: 'findings.csv',
  ocsf: 'findings.ocsf.jsonl',
};
