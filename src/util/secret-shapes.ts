/**
 * Secret-shaped text, whoever's it is: AWS access key ids and PEM private key blocks. Scrubbed
 * from every output line (reports, stderr) even when no scan has seen the value; the values a
 * scan found are scrubbed on top of this (src/facts/secrets.ts).
 */

export const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

/** No text shorter than this holds a shape scrubShapes replaces: an access key id is 20 characters, a PEM BEGIN marker 27. */
export const SHAPE_MIN_LENGTH = 20;

export function redactedPreview(value: string): string {
  // Short values would be mostly revealed by four characters; show at most a quarter.
  return `${value.slice(0, Math.min(4, Math.floor(value.length / 4)))}****`;
}

/** Access key ids and PEM private key blocks, whoever's they are. */
export function scrubShapes(text: string): string {
  // Most text holds no secret at all: substring searches decide that before any regex runs.
  let out = text;
  if (out.includes('PRIVATE KEY')) out = scrubPem(out);
  if (out.includes('IA') && (out.includes('KIA') || out.includes('SIA'))) out = out.replace(ACCESS_KEY_ID, (id) => redactedPreview(id));
  return out;
}

/** Each private key block from its BEGIN marker through its END marker (or the end of the text), by hand: linear. */
function scrubPem(text: string): string {
  const begin = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----/g;
  let out = '';
  let at = 0;
  for (;;) {
    begin.lastIndex = at;
    const m = begin.exec(text);
    if (!m) break;
    out += `${text.slice(at, m.index)}-----BEGIN ${m[1] ?? ''}PRIVATE KEY-----****`;
    const end = PEM_END_G;
    end.lastIndex = m.index + m[0].length;
    const e = end.exec(text);
    if (!e) return out;
    at = e.index + e[0].length;
  }
  return out + text.slice(at);
}
const PEM_END_G = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
