/**
 * Which accounts an organisation audit collects: a `--accounts` file (one id a line, or a CSV
 * with an id column and an optional name column) or the organisation's own list. Parsing is
 * pure and reports every problem with its line, as every loader does.
 */
import { InputError, type Problem } from '../errors.ts';
import { boundedLine } from '../util/text.ts';

export interface AccountTarget {
  accountId: string;
  name?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const ID_HEADERS = new Set(['id', 'accountid', 'account_id', 'account id', 'account', 'account number', 'accountnumber']);
const NAME_HEADERS = new Set(['name', 'accountname', 'account_name', 'account name', 'alias']);

/** One CSV line into cells: commas, double quotes with "" as an escaped quote. */
export function csvCells(line: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  if (quoted) return undefined;
  cells.push(cell.trim());
  return cells;
}

/**
 * Account ids, one a line (blank lines and `#` comments ignored), or a CSV whose first line is a
 * header naming an id column (`id`, `account_id`, `Account ID`...) and optionally a name column.
 * A headerless CSV is read as `id,name`.
 */
export function parseAccountsFile(file: string, text: string): AccountTarget[] {
  const problems: Problem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: Array<{ line: number; cells: string[] }> = [];
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const cells = csvCells(raw);
    if (!cells) problems.push({ file, location: `line ${i + 1}`, message: 'unterminated quoted field' });
    else rows.push({ line: i + 1, cells });
  });
  let idCol = 0;
  let nameCol: number | undefined = 1;
  const first = rows[0];
  if (first && !ACCOUNT_ID.test(first.cells[0] ?? '')) {
    const header = first.cells.map((c) => c.toLowerCase());
    const id = header.findIndex((h) => ID_HEADERS.has(h));
    if (id < 0) {
      problems.push({
        file,
        location: `line ${first.line}`,
        message: `neither an account id (12 digits) nor a CSV header naming an id column (e.g. "id,name"): ${JSON.stringify(boundedLine(first.cells.join(','), 80))}`,
      });
    } else {
      idCol = id;
      const name = header.findIndex((h) => NAME_HEADERS.has(h));
      nameCol = name < 0 ? undefined : name;
      rows.shift();
    }
  }
  const seen = new Map<string, number>();
  const targets: AccountTarget[] = [];
  for (const { line, cells } of rows) {
    const id = (cells[idCol] ?? '').replace(/^'/, '');
    if (!ACCOUNT_ID.test(id)) {
      problems.push({ file, location: `line ${line}`, message: `not an account id (12 digits): ${JSON.stringify(boundedLine(id, 40))}` });
      continue;
    }
    const before = seen.get(id);
    if (before !== undefined) {
      problems.push({ file, location: `line ${line}`, message: `account ${id} is listed twice (first on line ${before})` });
      continue;
    }
    seen.set(id, line);
    const name = nameCol !== undefined ? cells[nameCol] : undefined;
    targets.push({ accountId: id, ...(name ? { name } : {}) });
  }
  if (problems.length === 0 && targets.length === 0) problems.push({ file, location: '', message: 'lists no account' });
  if (problems.length > 0) throw new InputError(`cannot use accounts file ${file}`, problems);
  return targets.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}
