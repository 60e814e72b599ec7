/**
 * `govbuy report <folder>`: a report of a results folder — a run, a sweep or a comparison,
 * told apart by its manifest's format — written into it: report.html (self-contained, charts
 * inlined as SVG, opens offline), report.md (with the PNGs) and charts/ (each chart as
 * .vl.json, .svg and .png). The folder is checked before anything is written.
 */
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { GovbuyError } from '../../engine/errors.ts';
import { checkIntoDir, writeIntoDir } from '../../io/files.ts';
import { packageVersion } from '../../io/version.ts';
import { LANGS } from '../../report/i18n.ts';
import type { Chart } from '../../report/charts/common.ts';
import { buildCompareReport } from '../../report/compareReport.ts';
import { detectResults, loadCompareResults, loadRunResults } from '../../report/results.ts';
import { buildRunReport, rerunExits } from '../../report/runReport.ts';
import { buildSweepReport } from '../../report/sweepReport.ts';
import { checkSweepManifest, loadSweepResults } from '../../report/sweepResults.ts';
import { CHART_DIR, type Document } from '../../report/document.ts';
import { single, UsageError, type Io } from '../context.ts';

export const command = 'report <folder>';
export const describe = 'Write report.html, report.md and charts/ into a results folder';

export function builder(y: Argv): Argv {
  return y
    .positional('folder', { type: 'string', describe: 'Results folder (made by govbuy run, sweep or compare)' })
    .option('lang', { type: 'string', default: 'en', describe: 'Language of the report: en or zh' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an earlier report in the folder' })
    .example('$0 report results/xitun', '')
    .example('$0 report results/xitun --lang zh --force', '')
    .example('$0 report results/payments-vs-survival', '')
    .example('$0 report results/compare-chifeng-xitun', '');
}

export function readLang(value: unknown): 'en' | 'zh' {
  const lang = single('lang', value) ?? 'en';
  if (!(LANGS as readonly string[]).includes(lang)) throw new UsageError(`--lang must be one of ${LANGS.join(', ')}, got ${JSON.stringify(lang)}`);
  return lang as 'en' | 'zh';
}

const REPORT_FILES = ['report.html', 'report.md', CHART_DIR];

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const folder = String(args.folder);
  const lang = readLang(args.lang);
  const force = args.force === true;
  const { kind, format, manifest } = await detectResults(folder);
  if (kind === 'classroom') throw new GovbuyError('RESULTS_UNSUPPORTED', `${folder} is a classroom pack; it already has its pages (index.html, debrief.html)`);
  if (kind === 'other')
    throw new GovbuyError('RESULTS_UNSUPPORTED', `${folder} holds "${format}" results; reports of "${format}" results are not supported — report on a run, sweep or comparison folder (made by govbuy run, sweep or compare)`);
  let built: { charts: Chart[]; doc: Document };
  let note = '';
  if (kind === 'run') {
    const results = await loadRunResults(folder, manifest);
    await checkIntoDir(folder, REPORT_FILES, { force }); // refuse before the work, not after
    built = buildRunReport(results, lang, rerunExits(results, lang), packageVersion());
  } else if (kind === 'compare') {
    const results = await loadCompareResults(folder, manifest);
    await checkIntoDir(folder, REPORT_FILES, { force });
    built = buildCompareReport(results, lang, packageVersion());
  } else {
    const checked = checkSweepManifest(folder, manifest);
    await checkIntoDir(folder, REPORT_FILES, { force });
    const results = await loadSweepResults(folder, checked);
    built = buildSweepReport(results, lang, packageVersion());
    if (results.analysisFrom !== 'folder') note = ` (analysis computed in memory; "govbuy analyze ${folder}" writes it to analysis/)`;
  }
  const { charts, doc } = built;
  // Loaded here, not at start-up: vega and resvg take a second to load, and other commands need neither.
  const { documentFiles } = await import('../../report/write.ts');
  const { files } = await documentFiles({ report: doc }, charts);
  await writeIntoDir(folder, files, { force });
  io.out(`wrote ${join(folder, 'report.html')}, ${join(folder, 'report.md')} and ${charts.length} charts in ${join(folder, CHART_DIR)}/${note}\n`);
  return 0;
}
