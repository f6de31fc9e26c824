/**
 * Compliance views and hand-offs at scale: real findings (the full rule pack over the 10×
 * synthetic estate, passes included), then the time to tally them and assess all five
 * frameworks, the account, region and resource breakdowns, and the CSV and OCSF outputs with
 * their sizes.
 *
 *   npm run bench:compliance
 */
import Table from 'cli-table3';
import { defaultConfig } from '../src/config/defaults.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../src/engine/index.ts';
import { serializeSnapshot } from '../src/snapshot/io.ts';
import { sha256Hex } from '../src/util/canonical-json.ts';
import { assessCompliance, breakdownByAccount, breakdownByRegion, recordsFromFindings, tallyOutcomes, topRiskyResources } from '../src/compliance/index.ts';
import { csvLines } from '../src/render/csv.ts';
import { ocsfJsonLines } from '../src/render/ocsf.ts';
import { snapshotOfEstate } from './estate-snapshot.ts';
import { syntheticEstate } from './synthetic-estate.ts';
import { findingsOf } from '../src/engine/outcomes.ts';

process.stderr.write('evaluating the 10× estate for real findings...\n');
await prepareFacts();
const { rules, catalog, frameworks } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config: defaultConfig() });
const snapshot = snapshotOfEstate(syntheticEstate({ scale: 10, seed: 2026 }), '2026-11-01T00:00:00Z');
const result = evaluate({ snapshot, sha256: sha256Hex(serializeSnapshot(snapshot)), rules, config: defaultConfig(), now: new Date('2026-11-02T00:00:00Z'), toolVersion: 'bench' });

function timed<T>(f: () => T): [T, number] {
  const start = performance.now();
  const out = f();
  return [out, (performance.now() - start) / 1000];
}

const table = new Table({ head: ['step', 'seconds', 'output'], style: { head: [], border: [] } });
const [tally, tTally] = timed(() => tallyOutcomes(recordsFromFindings(findingsOf(result))));
table.push(['tally records', tTally.toFixed(3), `${tally.records.toLocaleString('en-US')} records, ${tally.byResource.size.toLocaleString('en-US')} resources with open failures`]);
const [assessed, tAssess] = timed(() => assessCompliance(frameworks, catalog, tally));
const reqs = assessed.reduce((n, f) => n + f.requirements.length, 0);
table.push(['assess 5 frameworks', tAssess.toFixed(3), `${reqs} requirements`]);
const [views, tViews] = timed(() => ({ a: breakdownByAccount(tally), r: breakdownByRegion(tally), top: topRiskyResources(tally, 20) }));
table.push(['breakdowns + top 20', tViews.toFixed(3), `${views.a.length} accounts, ${views.r.length} regions`]);
const [csvBytes, tCsv] = timed(() => {
  let n = 0;
  for (const line of csvLines(recordsFromFindings(findingsOf(result)), catalog, { frameworks })) n += Buffer.byteLength(line);
  return n;
});
table.push(['CSV, all records', tCsv.toFixed(3), `${(csvBytes / 1e6).toFixed(1)} MB`]);
const [ocsf, tOcsf] = timed(() => {
  let bytes = 0;
  let events = 0;
  for (const line of ocsfJsonLines(recordsFromFindings(findingsOf(result)), catalog, { evaluatedAt: result.evaluatedAt, product: { name: 'proton-audit', version: 'bench' }, frameworks })) {
    bytes += Buffer.byteLength(line);
    events += 1;
  }
  return { bytes, events };
});
table.push(['OCSF, failing findings', tOcsf.toFixed(3), `${(ocsf.bytes / 1e6).toFixed(1)} MB, ${ocsf.events.toLocaleString('en-US')} events`]);
process.stdout.write(`${table.toString()}\n`);
for (const fw of assessed) process.stdout.write(`${fw.id}: ${JSON.stringify(fw.summary)}\n`);
