// `npm test`: unit tests (Vitest, Node) then end-to-end tests (Playwright,
// system Chromium), and one closing line with the totals.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const REPORTS = 'reports';
mkdirSync(REPORTS, { recursive: true });
const unitReport = `${REPORTS}/unit.json`;
const e2eReport = `${REPORTS}/e2e.json`;
for (const f of [unitReport, e2eReport]) rmSync(f, { force: true });

function run(cmd, args) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
}

const unitStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${unitReport}`]);
const e2eStatus = run('npx', ['playwright', 'test']); // writes reports/e2e.json (playwright.config.ts)

const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
const unit = read(unitReport);
const e2e = read(e2eReport);
const unitPassed = unit?.numPassedTests ?? 0;
const unitFailed = unit ? unit.numFailedTests : 1;
const e2ePassed = (e2e?.stats.expected ?? 0) + (e2e?.stats.flaky ?? 0);
const e2eFailed = e2e ? e2e.stats.unexpected : 1;

console.log(`\nunit: ${unitPassed} passed, ${unitFailed} failed`);
console.log(`e2e: ${e2ePassed} passed, ${e2eFailed} failed${e2e?.stats.flaky ? ` (${e2e.stats.flaky} passed on retry)` : ''}`);
console.log(`tests: ${unitPassed + e2ePassed} passed, ${unitFailed + e2eFailed} failed`);
process.exit(unitStatus === 0 && e2eStatus === 0 && unitFailed + e2eFailed === 0 ? 0 : 1);
