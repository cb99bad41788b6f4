/**
 * `npm run security`: Electronegativity (Doyensec's Electron scanner) over what Baton ships,
 * offline, failing on findings. Run with tsx (it imports the CSP from shared/api/csp.ts).
 *
 *   tsx main/electron/scripts/electronegativity.mjs [--output test-results/electronegativity.csv]
 *
 * Why a wrapper rather than the bare CLI (main/electron/SECURITY.md has the details):
 * - the CLI always exits 0; this exits 1 on any finding of severity LOW or above (every
 *   confidence) and on any file the scanner could not parse (an unscanned file is not a pass).
 *   INFORMATIONAL results are the scanner's own "found a handler here" markers and are listed only;
 * - the scanner reads the whole input folder, tests and all: tests are full of fake handlers
 *   that would satisfy its global checks. So the shipped sources (main/electron, the preload,
 *   main/core, shared, the renderer and package.json; no tests, no build scripts) are copied to a
 *   temporary folder and that is scanned;
 * - the network: the scanner downloads translations at start and Electron's release list (the
 *   AVAILABLE_SECURITY_FIXES check). Here `got` is replaced by a stub that fails at once, and that
 *   check is left out (security-static.test.ts checks the Electron version instead);
 * - the CSP: its check reads only string literals, and ours is built in shared/api/csp.ts. The
 *   real production policy is run through the same evaluator (@doyensec/csp-evaluator) here.
 *
 * Exclusions are narrow: an inline `eng-disable CHECK_ID` comment on the flagged line (the
 * scanner's own mechanism) with the reason beside it, or an entry in ACCEPTED below for findings
 * that have no line of their own. Each is listed in SECURITY.md.
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** What is scanned: the code that runs in Electron's processes and the page, plus the manifest. */
const SOURCES = ['package.json', 'main/electron', 'main/preload.ts', 'main/core', 'shared', 'renderer/index.html', 'renderer/src'];
const SKIP = [/\.test\.tsx?$/, /(^|\/)scripts\//, /(^|\/)node_modules\//];
const SCANNED_EXTENSIONS = /\.(ts|tsx|js|mjs|cjs|html|json)$/;

/** Checks that are not run (by class name, as the scanner wants them), and why. */
const EXCLUDED_CHECKS = {
  // Downloads Electron's release list; there is no network in CI. security-static.test.ts
  // checks the pinned Electron major instead, and Electron upgrades are a release task.
  AvailableSecurityFixesGlobalCheck: 'needs the network',
};

/** Findings accepted after review that have no source line to carry an inline exclusion. */
const ACCEPTED = [
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'shared/api/csp.ts',
    sample: /'self' can be problematic/,
    reason:
      "script-src 'self' is baton://app, which serves only the built renderer bundle (app-protocol.ts): " +
      'no JSONP endpoint, no Angular, no user-uploaded file is ever served from it.',
  },
];

const SEVERITY_ORDER = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];
const FAIL_AT = 'LOW';

function parseArgs(argv) {
  const args = { output: 'test-results/electronegativity.csv' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--output' || argv[i] === '-o') args.output = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

/** Copies the shipped sources to `dir`, keeping their repository-relative paths. */
function stage(dir) {
  let count = 0;
  for (const source of SOURCES) {
    const from = path.join(ROOT, source);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(dir, source), {
      recursive: true,
      filter: (file) => {
        const rel = path.relative(ROOT, file).split(path.sep).join('/');
        if (SKIP.some((pattern) => pattern.test(rel))) return false;
        if (fs.statSync(file).isDirectory()) return true;
        if (!SCANNED_EXTENSIONS.test(rel)) return false;
        count++;
        return true;
      },
    });
  }
  return count;
}

/** Makes the scanner's HTTP client fail at once, so nothing leaves the machine. */
function stubNetwork(toolRequire) {
  const gotPath = toolRequire.resolve('got');
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = () => Promise.reject(new Error('Electronegativity runs offline here'));
  toolRequire.cache[gotPath] = stub;
}

/** The production CSP through the scanner's own evaluator, as CSP_GLOBAL_CHECK would rate it. */
async function evaluateCsp(toolRequire) {
  const csp = toolRequire('@doyensec/csp-evaluator');
  const { APP_CONTENT_SECURITY_POLICY } = await import(path.join(ROOT, 'shared/api/csp.ts'));
  const findings = new csp.CspEvaluator(new csp.CspParser(APP_CONTENT_SECURITY_POLICY).csp, csp.Version.CSP3).evaluate();
  const rated = [];
  for (const finding of findings) {
    const { HIGH, SYNTAX, MEDIUM, HIGH_MAYBE, MEDIUM_MAYBE } = csp.severities;
    let confidence;
    if ([HIGH, MEDIUM, SYNTAX].includes(finding.severity)) confidence = 'CERTAIN';
    else if ([HIGH_MAYBE, MEDIUM_MAYBE].includes(finding.severity)) confidence = 'FIRM';
    else continue; // INFO / STRICT_CSP advice: the scanner does not report these either
    rated.push({
      id: 'CSP_GLOBAL_CHECK',
      file: 'shared/api/csp.ts',
      location: { line: 0, column: 0 },
      severity: 'LOW',
      confidence,
      description: 'Production CSP (shared/api/csp.ts) through the CSP evaluator',
      sample: `${finding.directive}: ${finding.description}`,
    });
  }
  return rated;
}

function accepted(issue) {
  return ACCEPTED.find((entry) => entry.id === issue.id && entry.file === issue.file && entry.sample.test(issue.sample ?? ''));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const require = createRequire(import.meta.url);
  const toolDir = path.dirname(require.resolve('@doyensec/electronegativity/dist/runner.js'));
  const toolRequire = createRequire(path.join(toolDir, 'runner.js'));
  const electronVersion = require('electron/package.json').version;

  stubNetwork(toolRequire);
  process.env.LANG = 'en-US'; // the scanner's messages in its bundled English
  const run = toolRequire('./runner.js');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-electronegativity-'));
  const output = path.resolve(ROOT, args.output);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  let result;
  let files;
  const log = console.log;
  try {
    files = stage(dir);
    // The translation download's failure is printed with console.log; nothing else is.
    console.log = () => undefined;
    result = await run(
      {
        input: dir,
        output,
        isSarif: false,
        customScan: [],
        excludeFromScan: Object.keys(EXCLUDED_CHECKS),
        isRelative: true,
        isVerbose: true,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
  } finally {
    console.log = log;
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const issues = [
    ...result.issues.map((issue) => ({
      id: issue.id,
      file: issue.file,
      location: issue.location,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      description: issue.description,
      sample: (issue.sample ?? '').trim(),
    })),
    ...(await evaluateCsp(toolRequire)),
  ];
  const failing = [];
  console.log(
    `Electronegativity ${toolRequire('../package.json').version}: ${result.globalChecks + result.atomicChecks} checks over ${files} files ` +
      `(Electron ${electronVersion}; not run: ${Object.keys(EXCLUDED_CHECKS).join(', ')})`,
  );
  for (const issue of issues) {
    const where = `${issue.file}:${issue.location.line}:${issue.location.column}`;
    const rank = SEVERITY_ORDER.indexOf(issue.severity);
    const accept = accepted(issue);
    let verdict;
    if (accept) verdict = `accepted: ${accept.reason}`;
    else if (rank >= SEVERITY_ORDER.indexOf(FAIL_AT)) {
      verdict = 'FAIL';
      failing.push(issue);
    } else verdict = 'info';
    console.log(`  ${issue.id} ${issue.severity}/${issue.confidence} ${where} [${verdict}]`);
    for (const line of [issue.description, issue.sample]) if (line) console.log(`      ${line.slice(0, 160)}`);
  }
  const broken = result.errors.filter((error) => !error.tolerable);
  for (const error of broken) console.error(`  could not parse ${path.relative(dir, error.file)}: ${error.message}`);

  console.log(`Report: ${path.relative(ROOT, output)}`);
  if (failing.length > 0 || broken.length > 0) {
    console.error(
      `Electronegativity: ${failing.length} finding(s) at ${FAIL_AT} or above, ${broken.length} unparsed file(s). ` +
        'Fix them, or add a reviewed exclusion (main/electron/SECURITY.md).',
    );
    process.exit(1);
  }
  console.log(`Electronegativity: no findings at ${FAIL_AT} or above.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
