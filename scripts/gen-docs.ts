/**
 * `npm run docs`: regenerate every part of the docs that is made from the code, so that the
 * figures in them are those of the committed code and say which commit and command made them
 * (scripts/generatedDocs.ts):
 *
 *   odd          the parameter tables of docs/ODD.md, from the scenario schema (instant)
 *   regions      docs/regions.md, "What they produce": every preset over 3 seeds (about a minute)
 *   validation   docs/validation.md: the pattern experiments (scripts/validation-report.ts; minutes)
 *   mechanisms   docs/mechanisms.md, "What each mechanism does": every knock-out on three places
 *                (scripts/mechanismsTable.ts; about five minutes)
 *   calibration  docs/calibration.md, "Results of one default run": the Xitun calibration with the
 *                defaults and --seed 1, then its tables (scripts/calibration-table.ts; minutes)
 *   performance  docs/performance.md, the benchmark's output (scripts/bench.ts; minutes, and only
 *                meaningful on a quiet machine, so only when asked for)
 *
 *   npm run docs                              # odd, regions, validation, mechanisms, calibration
 *   npm run docs -- --only regions,calibration
 *   npm run docs -- --only performance        # on a quiet machine
 *   npm run docs -- --check                   # write nothing; exit 1 if docs/ODD.md's tables are stale
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeVersion } from '../src/io/version.ts';
import { collectParameters, scenarioJsonSchema } from '../src/scenario/parameters.ts';
import type { CalibrationJson } from '../src/calibration/results.ts';
import { resultsMarkdown } from './calibration-table.ts';
import { CALIBRATION_ARGS, GENERATORS, machine, provenance, writeGenerated, type Generator } from './generatedDocs.ts';
import { extractGenerated, ODD_SKELETON, renderParameterTables, spliceGenerated } from './parameterTables.ts';
import { mechanismsTables } from './mechanismsTable.ts';
import { regions } from './regionsTable.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const oddPath = join(root, 'docs', 'ODD.md');
const shown = relative(process.cwd(), oddPath) || oddPath;

const DEFAULT: readonly Generator[] = ['odd', 'regions', 'validation', 'mechanisms', 'calibration'];

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : null;
const unknown = args.filter((a, i) => a !== '--check' && a !== '--only' && i !== onlyAt + 1);
const badNames = (only ?? []).filter((n) => !(GENERATORS as readonly string[]).includes(n));
if (unknown.length > 0 || badNames.length > 0 || (onlyAt >= 0 && (only ?? []).length === 0)) {
  console.error(`gen-docs: usage: npm run docs [-- --only ${GENERATORS.join(',')}] [-- --check]${badNames.length > 0 ? `; unknown: ${badNames.join(', ')}` : ''}`);
  process.exit(2);
}
const check = args.includes('--check');
const chosen: readonly Generator[] = check ? ['odd'] : ((only as Generator[] | null) ?? DEFAULT);
/**
 * The code the figures come from: the commit, and whether tracked files other than the docs
 * differ from it (the generators rewrite docs as they go; that does not change what made them).
 */
function codeOfFigures() {
  const v = codeVersion();
  if (v.dirty === null) return v;
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!docs'], { cwd: root, encoding: 'utf8' });
  return { ...v, dirty: status.trim().length > 0 };
}
const code = codeOfFigures();
const node = (script: string[], options: { capture?: boolean } = {}): string =>
  execFileSync(process.execPath, script, { cwd: root, encoding: 'utf8', stdio: ['ignore', options.capture ? 'pipe' : 'inherit', 'inherit'], maxBuffer: 64 * 1024 * 1024 }) ?? '';

function odd(): void {
  const schema = scenarioJsonSchema();
  const tables = renderParameterTables(schema);
  const count = collectParameters(schema).filter((p) => p.kind === 'leaf').length;

  const exists = existsSync(oddPath);
  const current = exists ? readFileSync(oddPath, 'utf8') : null;
  const next = spliceGenerated(current ?? ODD_SKELETON, tables);

  if (check) {
    if (current === null) {
      console.error(`${shown} is missing: run \`npm run docs\` to create it.`);
      throw new Error('stale');
    }
    if (extractGenerated(current) === null) {
      console.error(`${shown} is stale: it has no generated parameter section (markers missing); run \`npm run docs\`.`);
      throw new Error('stale');
    }
    if (next !== current) {
      console.error(`${shown} is stale: its parameter tables differ from src/scenario/schema.ts; run \`npm run docs\`.`);
      throw new Error('stale');
    }
    console.log(`${shown} is up to date (${count} parameters).`);
  } else if (next === current) {
    console.log(`${shown} is already up to date (${count} parameters).`);
  } else {
    mkdirSync(dirname(oddPath), { recursive: true });
    writeFileSync(oddPath, next);
    console.log(`${shown}: ${current === null ? 'created' : 'parameter tables updated'} (${count} parameters).`);
  }
}

function regionsDoc(): void {
  const body = regions(root, (line) => console.error(line));
  writeGenerated(join(root, 'docs', 'regions.md'), 'REGIONS', `${provenance('regions', code)}\n\n${body}`);
  console.log('docs/regions.md: "What they produce" regenerated');
}

function validationDoc(): void {
  node(['--import', 'tsx', 'scripts/validation-report.ts']);
  // The script writes the whole page: mark everything after the title as generated.
  const path = join(root, 'docs', 'validation.md');
  const text = readFileSync(path, 'utf8');
  const title = text.indexOf('\n');
  writeFileSync(path, `${text.slice(0, title)}\n\n<!-- BEGIN GENERATED VALIDATION -->\n${provenance('validation', code)}\n\n${text.slice(title + 1).trim()}\n<!-- END GENERATED VALIDATION -->\n`);
  console.log('docs/validation.md regenerated');
}

function mechanismsDoc(): void {
  const body = mechanismsTables(root, (line) => console.error(line));
  writeGenerated(join(root, 'docs', 'mechanisms.md'), 'MECHANISMS', `${provenance('mechanisms', code)}\n\n${body}`);
  console.log('docs/mechanisms.md: "What each mechanism does" regenerated');
}

function calibrationDoc(): void {
  const where = machine();
  node(['bin/govbuy.js', ...CALIBRATION_ARGS]);
  const json = JSON.parse(readFileSync(join(root, 'results', 'docs-calibration', 'calibration.json'), 'utf8')) as CalibrationJson;
  const ran = `; \`govbuy ${CALIBRATION_ARGS.join(' ')}\` on ${where}`;
  // The calibration saw the docs this script had already rewritten as uncommitted changes.
  if (json.codeVersion.git === code.git) json.codeVersion = code;
  writeGenerated(join(root, 'docs', 'calibration.md'), 'CALIBRATION RESULTS', `${provenance('calibration', json.codeVersion, ran)}\n\n${resultsMarkdown(json)}`);
  console.log('docs/calibration.md: results regenerated');
}

function performanceDoc(): void {
  const where = machine();
  const output = node(['--import', 'tsx', 'scripts/bench.ts'], { capture: true });
  writeGenerated(join(root, 'docs', 'performance.md'), 'BENCHMARK', `${provenance('performance', code, `, on ${where}`)}\n\n\`\`\`\n${output.trim()}\n\`\`\`\n`);
  console.log('docs/performance.md: benchmark regenerated');
}

const RUN: Record<Generator, () => void> = { odd, regions: regionsDoc, validation: validationDoc, mechanisms: mechanismsDoc, calibration: calibrationDoc, performance: performanceDoc };
try {
  for (const g of chosen) RUN[g]();
} catch (err) {
  if ((err as Error).message !== 'stale') throw err;
  process.exit(1);
}
