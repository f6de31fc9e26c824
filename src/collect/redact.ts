/**
 * `--redact`: scan every spec (and template schema) and stack output for secrets, then drop their contents from
 * the snapshot. What the scan found is returned as kind, place and redacted preview only, so the
 * caller can report it; the values never leave this function.
 */
import { scanSpec } from '../facts/secrets.ts';
import { scanOutputs } from '../facts/stacks.ts';
import type { SecretHit, Snapshot } from '../model/index.ts';

export interface RedactedSecret {
  arn: string;
  hits: SecretHit[];
}

export interface RedactOutcome {
  snapshot: Snapshot;
  /** Spec and schema fields dropped. */
  dropped: number;
  /** Resources whose dropped text held something that looked like a secret. */
  secrets: RedactedSecret[];
}

type TextHolder = Record<string, unknown> & { arn: string };

export function redactSnapshot(input: Snapshot): RedactOutcome {
  const snapshot = structuredClone(input);
  let dropped = 0;
  const secrets: RedactedSecret[] = [];
  const take = (holder: TextHolder | undefined, key: string, field: string, arn: string): void => {
    if (!holder) return;
    const text = holder[key];
    if (typeof text !== 'string') return;
    const { hits } = scanSpec(text, field);
    if (hits.length > 0) {
      const entry = secrets.find((s) => s.arn === arn);
      if (entry) entry.hits.push(...hits);
      else secrets.push({ arn, hits });
    }
    delete holder[key];
    dropped += 1;
  };
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      // Output values of the stacks Proton created: scanned, then dropped (keys and descriptions stay).
      for (const stack of region.cloudformation?.stacks ?? []) {
        const values = (stack.Outputs ?? []).filter((o) => typeof o.OutputValue === 'string');
        if (values.length === 0) continue;
        const { hits } = scanOutputs(stack);
        if (hits.length > 0) secrets.push({ arn: stack.StackId, hits });
        for (const o of values) delete o.OutputValue;
        dropped += values.length;
      }
      const p = region.proton;
      if (!p) continue;
      const holders = (list: readonly object[]): TextHolder[] => list as TextHolder[];
      for (const e of holders(p.environments)) take(e, 'spec', 'spec', e.arn);
      for (const s of holders(p.services)) {
        take(s, 'spec', 'spec', s.arn);
        const pipeline = s.pipeline as TextHolder | undefined;
        take(pipeline, 'spec', 'pipeline.spec', s.arn);
      }
      for (const i of holders(p.serviceInstances)) take(i, 'spec', 'spec', i.arn);
      for (const c of holders(p.components)) take(c, 'serviceSpec', 'serviceSpec', c.arn);
      for (const v of holders(p.environmentTemplateVersions)) take(v, 'schema', 'schema', v.arn);
      for (const v of holders(p.serviceTemplateVersions)) take(v, 'schema', 'schema', v.arn);
    }
  }
  snapshot.collection.redacted = true;
  secrets.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  return { snapshot, dropped, secrets };
}
