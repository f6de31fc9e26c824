/**
 * The "output unchanged" guard of the hostile-estate work: builds the hostile estate's snapshot
 * and its clean twin, runs protectSecrets (fixed salt) and evaluate (fixed now), and prints the
 * sha256 of the canonical snapshot JSON and of the rendered JSON and SARIF results. Compare the
 * lines before and after a change to the secret scan, records or rules: they must not move.
 *
 *   node --import tsx bench/hostile-guard.ts [--small]
 */
import { createHash } from 'node:crypto';
import { defaultConfig } from '../src/config/defaults.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../src/engine/index.ts';
import { protectSecrets } from '../src/facts/secret-records.ts';
import { render } from '../src/render/index.ts';
import { serializeSnapshot } from '../src/snapshot/io.ts';
import { snapshotOfEstate } from './estate-snapshot.ts';
import { hostileEstate } from './hostile-estate.ts';

const small = process.argv.includes('--small');
await prepareFacts();
const config = defaultConfig();
const { rules, frameworks } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config });
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

for (const hostile of [false, true]) {
  const snapshot = snapshotOfEstate(hostileEstate({ hostile, small }), '2026-11-01T00:00:00Z');
  const { found, scrubber } = protectSecrets(snapshot, { salt: '00112233445566778899aabbccddeeff' });
  const snap = serializeSnapshot(snapshot);
  const result = evaluate({ snapshot, sha256: sha(snap), rules, config, now: new Date('2026-11-02T00:00:00Z'), toolVersion: 'guard' });
  const json = render('json', result, { color: false, includePassed: true, compliance: { frameworks } });
  const sarif = render('sarif', result, { color: false });
  process.stdout.write(
    `${hostile ? 'hostile' : 'clean'}${small ? ' small' : ''}: ${found.length} secrets, scrubber ${scrubber.size} values; snapshot ${sha(snap)} json ${sha(json)} sarif ${sha(sarif)}\n`,
  );
}
