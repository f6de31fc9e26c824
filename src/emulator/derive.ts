/**
 * Values AWS would have filled in and an estate may leave out: Proton ARNs, IAM ARNs and ids,
 * decoded policy documents. Shared by the loader (to check references) and the server.
 */
import { createHash } from 'node:crypto';
import type { PolicyDocumentInput } from './estate.ts';

export function protonArn(region: string, accountId: string, resource: string): string {
  return `arn:aws:proton:${region}:${accountId}:${resource}`;
}

export const protonResource = {
  environmentTemplate: (name: string) => `environment-template/${name}`,
  environmentTemplateVersion: (name: string, major: string, minor: string) => `environment-template/${name}:${major}.${minor}`,
  serviceTemplate: (name: string) => `service-template/${name}`,
  serviceTemplateVersion: (name: string, major: string, minor: string) => `service-template/${name}:${major}.${minor}`,
  environment: (name: string) => `environment/${name}`,
  service: (name: string) => `service/${name}`,
  pipeline: (service: string) => `service/${service}/pipeline`,
  serviceInstance: (service: string, name: string) => `service/${service}/service-instance/${name}`,
  component: (name: string) => `component/${name}`,
  environmentAccountConnection: (id: string) => `environment-account-connection/${id}`,
  repository: (provider: string, name: string) => `repository/${provider.toLowerCase()}:${name}`,
};

/** IAM ARNs: AWS managed policies live in the 'aws' pseudo-account. */
export function iamArn(accountId: string, kind: 'role' | 'user' | 'group' | 'policy', path: string | undefined, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path ?? '/'}${name}`;
}

export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}

/**
 * A stable IAM-looking unique id (AROA… for roles, AIDA… users, AGPA… groups, ANPA… policies),
 * derived from the ARN so that two runs over one estate agree.
 */
export function iamUniqueId(prefix: 'AROA' | 'AIDA' | 'AGPA' | 'ANPA', arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = prefix;
  for (let i = 0; i < 17; i++) out += alphabet[(digest[i] ?? 0) % 32];
  return out;
}

/** A version-4-shaped UUID derived from `seed`, for ids AWS would generate (stack ids). */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16] ?? '0', 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Decodes a policy document given as an object, JSON text, or IAM's URL-encoded JSON text.
 * Returns undefined when it is none of these.
 */
export function decodePolicyDocument(doc: PolicyDocumentInput): Record<string, unknown> | undefined {
  if (typeof doc !== 'string') return doc;
  let text = doc.trim();
  if (/^%7b/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** IAM sends documents URL-encoded per RFC 3986; callers decode them with decodeURIComponent. */
export function encodePolicyDocument(doc: PolicyDocumentInput): string {
  const decoded = decodePolicyDocument(doc);
  return encodeURIComponent(decoded ? JSON.stringify(decoded) : String(doc));
}

/** Timestamps arrive as ISO text or epoch seconds; undefined stays undefined. */
export function toDate(value: string | number | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
