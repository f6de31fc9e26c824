/**
 * Secrets in specs. Finds AWS access key ids, AWS secret access keys, PEM private keys, literal
 * values under secret-sounding keys and high-entropy strings, each with its line. A hit carries
 * only a redacted preview: the value itself is returned separately (`values`) so the engine can
 * scrub it from any message or evidence, and is never stored in facts.
 */
import type { SecretHit } from '../model/index.ts';

export interface SecretScanOptions {
  /** Shannon entropy (bits per character) at or above which a long token counts as a secret. */
  entropyThreshold?: number;
  /** Minimum length of a high-entropy token. */
  minEntropyLength?: number;
}

export interface SecretScan {
  hits: SecretHit[];
  /** The raw values found, for scrubbing output. Never put these in facts or findings. */
  values: string[];
}

export const DEFAULT_ENTROPY_THRESHOLD = 4.0;
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
const SECRET_KEY_40 = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const SECRET_KEY_CONTEXT = /aws.?secret|secret.?access.?key|secret_?key/i;
const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
/** Key names (lowercased, separators removed) whose literal value is a credential. */
const SECRET_KEY_NAME = /(password|passwd|passphrase|pwd|secret|token|apikey|accesskey|privatekey|clientsecret|credential|credentials|authkey)$/;
const YAML_KEY_LINE = /^(\s*(?:-\s+)*)(?:"([^"]+)"|'([^']+)'|([^\s:#"'{}[\],][^:#]*?))\s*:(?:\s+(.*?)|\s*)$/;
const JSON_PAIR = /"([^"\\]{1,128})"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const TOKEN = /[A-Za-z0-9+/=_-]{20,}/g;

export function redactedPreview(value: string): string {
  // Short values would be mostly revealed by four characters; show at most a quarter.
  return `${value.slice(0, Math.min(4, Math.floor(value.length / 4)))}****`;
}

export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function unquote(raw: string): string {
  let v = raw.trim();
  if (v.endsWith(',')) v = v.slice(0, -1).trim();
  if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2)) return v.slice(1, -1);
  // Unquoted YAML: an inline comment starts at ' #'.
  const hash = v.indexOf(' #');
  return hash >= 0 ? v.slice(0, hash).trim() : v;
}

/** A literal credential, not a reference to one, a placeholder or a setting. */
function isLiteralSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return false;
  if (/^(null|~|true|false|yes|no|none|n\/a)$/i.test(v)) return false;
  if (/^-?\d+(\.\d+)?$/.test(v)) return false;
  if (/^[|>][-+]?$/.test(v)) return false;
  if (/^(\$\{|\{\{|\$\(|<|!(Ref|Sub|GetAtt|ImportValue|Join|Select|FindInMap)\b|%\{)/.test(v)) return false;
  if (/\{\{\s*resolve:|^arn:aws[\w-]*:(secretsmanager|ssm|kms):|^(ssm|secretsmanager):/i.test(v)) return false;
  if (/^[*xX.]+$/.test(v) || /^(redacted|placeholder|changeit-later|todo|tbd)$/i.test(v)) return false;
  return true;
}

/** Tokens that look random but are not secrets: ARNs, URLs, UUIDs, hashes, paths, identifiers. */
function isObviousNonSecret(token: string, line: string): boolean {
  if (/^[0-9a-f]+$/i.test(token)) return true; // hex: commit ids, digests, version hashes
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token)) return true;
  if (/(arn:aws[\w-]*:|:\/\/|sha(1|256|512):|@sha256)/i.test(line) && lineMentionsTokenInReference(token, line)) return true;
  if (/^[a-z0-9]+(-[a-z0-9]+)+$/.test(token)) return true; // kebab-case names and ids (subnet-0ab..., my-service-prod)
  if (/^[A-Za-z]+(_[A-Za-z]+)+$/.test(token)) return true; // SNAKE_CASE words
  if (/^\/?([A-Za-z0-9_.-]+\/)+[A-Za-z0-9_.-]*$/.test(token) && !/[+=]/.test(token) && /[a-z]{3,}/.test(token)) return true; // paths
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[+/=_-]/].filter((r) => r.test(token)).length;
  return classes < 3;
}

/** Last segment of a key path naming public or integrity material (normalised key names). */
const PUBLIC_KEY_NAME = /(^ca$|cabundle$|cacert$|cadata$|cert$|certificate$|certificatebody$|certificatechain$|publickey$|pubkey$|sshkey$|authorizedkeys?$|fingerprint$|thumbprint$|checksum$|hash$|digest$|etag$|sha(1|256|512)?$|md5$|userdata$|image$|imageuri$|ami$|amiid$)/;

/**
 * Random-looking text that is public by nature: an SSH public key, a base64 certificate, or a
 * value under a key that names certificates, public keys, checksums, digests, images or user
 * data. Reporting those would make the least certain detector cry wolf on every such spec.
 */
function isPublicMaterial(token: string, line: string, keyPath: string | undefined): boolean {
  const last = keyPath?.split('.').at(-1);
  if (last !== undefined && PUBLIC_KEY_NAME.test(normalizeKey(last))) return true;
  if (/\b(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com)\s+[A-Za-z0-9+/=]+/.test(line) && line.includes(token)) return true;
  // base64 of a PEM certificate or public key starts with "-----BEGIN ".
  return /^LS0tLS1CRUdJTi/.test(token) && /^-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY)/.test(Buffer.from(token, 'base64').toString('latin1'));
}

function lineMentionsTokenInReference(token: string, line: string): boolean {
  for (const m of line.matchAll(/(arn:aws[\w-]*:\S*|[a-z][a-z0-9+.-]*:\/\/\S*|sha(?:1|256|512):[0-9a-f]+|@sha256:[0-9a-f]+)/gi)) {
    if (m[0].includes(token)) return true;
  }
  return false;
}

interface Frame {
  indent: number;
  key: string;
}

/** Scans one spec. `field` names where it came from ('spec', 'pipeline.spec', 'serviceSpec'). */
export function scanSpec(text: string, field: string, options: SecretScanOptions = {}): SecretScan {
  const threshold = options.entropyThreshold ?? DEFAULT_ENTROPY_THRESHOLD;
  const minLength = options.minEntropyLength ?? 20;
  const hits: SecretHit[] = [];
  const values: string[] = [];
  const seen = new Set<string>();
  const stack: Frame[] = [];
  const lines = text.split(/\r?\n/);
  let inPem = false;

  const add = (kind: SecretHit['kind'], line: number, value: string, key: string | undefined): void => {
    const id = `${line}|${value}`;
    if (seen.has(id)) return;
    seen.add(id);
    values.push(value);
    hits.push({ kind, field, ...(key ? { key } : {}), line, preview: redactedPreview(value) });
  };

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (inPem) {
      if (PEM_END.test(raw)) inPem = false;
      return;
    }
    let key: string | undefined;
    let value: string | undefined;
    const m = YAML_KEY_LINE.exec(raw);
    if (m && !raw.trimStart().startsWith('#')) {
      const indent = (m[1] ?? '').length;
      const name = (m[2] ?? m[3] ?? m[4] ?? '').trim();
      while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
      stack.push({ indent, key: name });
      key = stack.map((f) => f.key).join('.');
      value = m[5] !== undefined ? unquote(m[5]) : undefined;
    } else if (raw.trim() !== '') {
      // A continuation line (block scalar, list of scalars) belongs to the deepest key above it.
      const indent = raw.length - raw.trimStart().length;
      const owners = stack.filter((f) => f.indent < indent);
      if (owners.length > 0) key = owners.map((f) => f.key).join('.');
    }
    const keyPath = key;
    const pem = PEM_BEGIN.exec(raw);
    if (pem) {
      add('private-key', lineNo, raw.slice(pem.index).trim(), keyPath);
      inPem = !PEM_END.test(raw.slice(pem.index + pem[0].length));
      return;
    }
    const found = new Set<string>();
    for (const id of raw.matchAll(ACCESS_KEY_ID)) {
      add('aws-access-key-id', lineNo, id[0], keyPath);
      found.add(id[0]);
    }
    const context = [lines[i - 1] ?? '', raw, keyPath ?? ''].join('\n');
    if (SECRET_KEY_CONTEXT.test(context)) {
      for (const sk of raw.matchAll(SECRET_KEY_40)) {
        // Secret access keys are mixed-case base64; a hex commit id next to one is not a key.
        if (found.has(sk[0]) || /^[0-9a-f]+$/i.test(sk[0]) || !/[a-z]/.test(sk[0]) || !/[A-Z]/.test(sk[0])) continue;
        add('aws-secret-access-key', lineNo, sk[0], keyPath);
        found.add(sk[0]);
      }
    }
    // Key/value pairs: the YAML line's own pair plus any inline JSON pairs.
    const pairs: Array<{ key: string; path: string | undefined; value: string }> = [];
    if (m && value !== undefined) pairs.push({ key: (m[2] ?? m[3] ?? m[4] ?? '').trim(), path: keyPath, value });
    for (const jp of raw.matchAll(JSON_PAIR)) {
      const k = jp[1] ?? '';
      if (pairs.some((p) => p.key === k)) continue;
      pairs.push({ key: k, path: keyPath && keyPath.endsWith(k) ? keyPath : k, value: jp[2] ?? '' });
    }
    for (const p of pairs) {
      const norm = normalizeKey(p.key);
      if (!SECRET_KEY_NAME.test(norm) || !isLiteralSecret(p.value) || found.has(p.value)) continue;
      if ([...found].some((f) => p.value.includes(f))) continue;
      add(/pass|pwd/.test(norm) ? 'password' : 'token', lineNo, p.value, p.path);
      found.add(p.value);
    }
    // High-entropy tokens anywhere on the line that nothing above explained.
    const scanText = m ? (m[5] ?? '') : raw;
    for (const t of scanText.matchAll(TOKEN)) {
      const token = t[0].replace(/^[-_]+|[-_]+$/g, '');
      if (token.length < minLength || [...found].some((f) => f.includes(token) || token.includes(f))) continue;
      if (isObviousNonSecret(token, raw) || isPublicMaterial(token, raw, keyPath)) continue;
      if (shannonEntropy(token) < threshold) continue;
      add('high-entropy', lineNo, token, keyPath);
      found.add(token);
    }
  });
  return { hits, values };
}

/** Replaces every known secret value, and anything shaped like an access key or PEM key, with a preview. */
export function scrubSecrets(text: string, values: readonly string[] = []): string {
  // Most text holds no secret at all: two substring searches decide that before any regex runs.
  if (values.length === 0 && !text.includes('PRIVATE KEY') && !text.includes('KIA') && !text.includes('SIA')) return text;
  let out = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) {
    if (v.length >= 4) out = out.split(v).join(redactedPreview(v));
  }
  out = out.replace(/-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g, '-----BEGIN $1PRIVATE KEY-----****');
  return out.replace(ACCESS_KEY_ID, (id) => redactedPreview(id));
}
