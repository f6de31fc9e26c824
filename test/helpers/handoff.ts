/**
 * Readers that check the hand-off formats from the outside: a strict RFC 4180 CSV parser and the
 * OCSF 1.3.0 Detection Finding validator (schemas/ocsf-1.3.0-detection-finding.schema.json).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';

/** A strict RFC 4180 reader: fields, quoted fields with doubled quotes, CRLF records. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        cell += text[i];
        i += 1;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        cell += text[i];
        i += 1;
      }
    }
    row.push(cell);
    if (text[i] === ',') i += 1;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`expected a separator at ${i}: ${JSON.stringify(text.slice(i, i + 10))}`);
  }
  if (row.length > 0) throw new Error('last record not ended by CRLF');
  return rows;
}

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;
const schema = JSON.parse(readFileSync(new URL('../../schemas/ocsf-1.3.0-detection-finding.schema.json', import.meta.url), 'utf8')) as object;
export const validateOcsf: ValidateFunction = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true })).compile(schema);

/** Schema errors of one OCSF event, as 'path message' lines (none: valid). */
export function ocsfErrors(event: unknown): string[] {
  return validateOcsf(event) ? [] : (validateOcsf.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
