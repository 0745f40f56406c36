// The one test command (README, `.ci/run`): type-check, build, run every vitest project
// (unit on plain Node, e2e against the real `roamdesk serve` in Debian's Chromium), and end
// with the plain line CI reads: `N passed, N failed`. Exits non-zero on any failure.
//
// Each target's type-check and the build count as one check each, so a broken build can never
// report "0 failed". Skipped or todo tests are listed and counted as failures: a test that
// did not run here is not a passing test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
const reportFile = path.join(resultsDir, 'vitest.json');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const extraArgs = process.argv.slice(2);

let passed = 0;
let failed = 0;
const failures = [];

function gate(name, command, args) {
  console.log(`\n== ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status === 0) {
    passed += 1;
    return true;
  }
  failed += 1;
  failures.push(`${name} (exit ${result.status ?? result.signal})`);
  return false;
}

mkdirSync(resultsDir, { recursive: true });
rmSync(reportFile, { force: true });

for (const target of ['node', 'app', 'preload', 'renderer']) {
  gate(`typecheck ${target}`, bin('tsc'), ['-p', `tsconfig.${target}.json`, '--pretty']);
}
const built = gate('build', process.execPath, ['scripts/build.mjs', '--quiet']);

if (built) {
  console.log('\n== vitest (unit + e2e)');
  const run = spawnSync(
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...extraArgs],
    { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } },
  );
  let report;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    failed += 1;
    failures.push(`vitest produced no report (exit ${run.status ?? run.signal})`);
  }
  if (report) {
    for (const file of report.testResults ?? []) {
      const relative = path.relative(root, file.name);
      if ((file.assertionResults ?? []).length === 0 && file.status !== 'passed') {
        failed += 1;
        failures.push(`${relative}: ${(file.message ?? 'failed to load').split('\n')[0]}`);
      }
      for (const test of file.assertionResults ?? []) {
        if (test.status === 'passed') {
          passed += 1;
        } else {
          failed += 1;
          failures.push(`${relative} › ${test.fullName} [${test.status}]`);
        }
      }
    }
    if (run.status !== 0 && failures.length === 0) {
      failed += 1;
      failures.push(`vitest exited with ${run.status ?? run.signal}`);
    }
  }
}

if (failures.length > 0) {
  console.log('\nFailures:');
  for (const failure of failures) console.log(`  - ${failure}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
