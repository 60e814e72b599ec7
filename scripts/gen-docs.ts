/**
 * `npm run docs`: regenerate the parameter tables of docs/ODD.md from the scenario schema.
 * Only the text between the GENERATED PARAMETERS markers changes; the prose around it is kept.
 *
 *   npm run docs              # write docs/ODD.md (creating it if missing)
 *   npm run docs -- --check   # write nothing; exit 1 if docs/ODD.md is missing or stale
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectParameters, scenarioJsonSchema } from '../src/scenario/parameters.ts';
import { extractGenerated, ODD_SKELETON, renderParameterTables, spliceGenerated } from './parameterTables.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const oddPath = join(root, 'docs', 'ODD.md');
const shown = relative(process.cwd(), oddPath) || oddPath;

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--check');
if (unknown.length > 0) {
  console.error(`gen-docs: unknown argument(s) ${unknown.join(' ')}; usage: gen-docs [--check]`);
  process.exit(2);
}
const check = args.includes('--check');

const schema = scenarioJsonSchema();
const tables = renderParameterTables(schema);
const count = collectParameters(schema).filter((p) => p.kind === 'leaf').length;

const exists = existsSync(oddPath);
const current = exists ? readFileSync(oddPath, 'utf8') : null;
const next = spliceGenerated(current ?? ODD_SKELETON, tables);

if (check) {
  if (current === null) {
    console.error(`${shown} is missing: run \`npm run docs\` to create it.`);
    process.exit(1);
  }
  if (extractGenerated(current) === null) {
    console.error(`${shown} is stale: it has no generated parameter section (markers missing); run \`npm run docs\`.`);
    process.exit(1);
  }
  if (next !== current) {
    console.error(`${shown} is stale: its parameter tables differ from src/scenario/schema.ts; run \`npm run docs\`.`);
    process.exit(1);
  }
  console.log(`${shown} is up to date (${count} parameters).`);
} else if (next === current) {
  console.log(`${shown} is already up to date (${count} parameters).`);
} else {
  mkdirSync(dirname(oddPath), { recursive: true });
  writeFileSync(oddPath, next);
  console.log(`${shown}: ${current === null ? 'created' : 'parameter tables updated'} (${count} parameters).`);
}
