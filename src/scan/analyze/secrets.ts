/**
 * Secrets written into files the pull request adds: spec files, manifests (CodeBuild
 * `env.variables` included), schema defaults and IaC sources. The detectors are the ones the
 * live audit runs on deployed specs (facts/secrets.ts); a Secrets Manager or SSM reference is
 * not a secret, and neither is CodeBuild's `env.secrets-manager` / `env.parameter-store`
 * (they hold references by design). Messages carry the kind and a redacted preview only; each
 * value reported goes to `found`, so every other message of the scan can be scrubbed of it.
 */
import { groupHighEntropyFloods } from '../../facts/secret-floods.ts';
import { scanSpec } from '../../facts/secrets.ts';
import type { SecretHit } from '../../model/index.ts';
import type { Bundle } from '../discover/index.ts';
import type { ParsedSpec } from '../discover/spec.ts';
import type { FileTree } from '../source/tree.ts';
import { issueKey, type ScanIssue } from '../core/types.ts';

const REFERENCE_SECTIONS = /(^|\.)(secrets[-_]manager|parameter[-_]store|secretsmanager|parameterstore)(\.|$)/i;
const SECRET_NAME = /(password|passwd|passphrase|secret|token|apikey|api_key|accesskey|privatekey|clientsecret|credential)/i;
const KIND_TEXT: Record<SecretHit['kind'], string> = {
  'aws-access-key-id': 'an AWS access key id',
  'aws-secret-access-key': 'an AWS secret access key',
  'private-key': 'a private key',
  token: 'a literal token',
  password: 'a literal password',
  'high-entropy': 'a high-entropy string',
};

export type SecretPlace = 'spec' | 'manifest' | 'codebuild-env' | 'schema-default' | 'template';

function issues(file: string, hits: SecretHit[], place: (hit: SecretHit) => SecretPlace): ScanIssue[] {
  const seen = new Map<string, number>();
  return groupHighEntropyFloods(hits).map((h) => {
    const where = place(h);
    // The n-th hit under the same key path (instances of a spec share paths); never the value itself.
    // A flooded field's group is keyed by its count too, so a waiver of it does not cover a value added later.
    const base = issueKey(`secret.${where}`, file, h.key ?? String(h.kind), h.count !== undefined ? `${h.kind}*${h.count}` : h.kind);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const what = h.count !== undefined ? `${h.count} high-entropy strings${h.key ? ` under ${h.key}` : ''} on lines ${h.line} to ${h.lastLine} (the first ${h.preview})` : `${KIND_TEXT[h.kind]}${h.key ? ` under ${h.key}` : ''} (${h.preview})`;
    return {
      code: `secret.${where}`,
      message: `${file} holds ${what}; keep secrets in Secrets Manager or SSM and reference them.`,
      location: h.lastLine !== undefined ? { file, line: h.line, endLine: h.lastLine } : { file, line: h.line },
      ...(h.key ? { logical: h.key } : {}),
      key: n === 1 ? base : `${base}|#${n}`,
      data: h.count !== undefined ? { kind: h.kind, preview: h.preview, count: h.count } : { kind: h.kind, preview: h.preview },
    };
  });
}

/** Hits kept by `keep`, with their values added to `found`. */
function kept(text: string, field: string, found: string[], keep: (hit: SecretHit) => boolean = () => true): SecretHit[] {
  const scan = scanSpec(text, field);
  const out: SecretHit[] = [];
  scan.hits.forEach((h, i) => {
    if (!keep(h)) return;
    out.push(h);
    const v = scan.values[i];
    if (v) found.push(v);
  });
  return out;
}

export function specSecrets(spec: ParsedSpec, text: string, found: string[] = []): ScanIssue[] {
  return issues(spec.file, kept(text, 'spec', found), () => 'spec');
}

export function bundleSecrets(tree: FileTree, bundle: Bundle, found: string[] = []): ScanIssue[] {
  const out: ScanIssue[] = [];
  for (const part of bundle.parts) {
    if (part.manifest) {
      const r = tree.read(part.manifest.file);
      if ('text' in r) {
        const hits = kept(r.text, 'manifest', found, (h) => !(h.key && REFERENCE_SECTIONS.test(h.key)));
        out.push(...issues(part.manifest.file, hits, (h) => (h.key && /(^|\.)env\.variables(\.|$)/.test(h.key) ? 'codebuild-env' : 'manifest')));
      }
    }
    for (const file of part.iacFiles) {
      const r = tree.read(file);
      // Random-looking strings are common in IaC (AMI ids, hashes): only the definite detectors here.
      if ('text' in r) out.push(...issues(file, kept(r.text, 'template', found, (h) => h.kind !== 'high-entropy'), () => 'template'));
    }
  }
  const schema = bundle.schema;
  if (schema) {
    for (const type of schema.types.values()) {
      for (const p of type.properties) {
        const d = p.schema.default;
        if (typeof d === 'string' && d.length >= 4 && SECRET_NAME.test(p.name) && !/^(\{\{|arn:|ssm:|secretsmanager:|\$\{)/.test(d)) {
          found.push(d);
          out.push({
            code: 'secret.schema-default',
            message: `Input ${type.name}.${p.name} has a literal default (${d.slice(0, Math.min(4, Math.floor(d.length / 4)))}****); a secret default ships to every environment that omits it.`,
            location: { file: schema.file, line: schema.doc.nearestLine([...p.path, 'default']) },
            key: issueKey('secret.schema-default', schema.file, type.name, p.name),
            data: { kind: 'password' },
          });
        }
      }
    }
  }
  return out;
}
