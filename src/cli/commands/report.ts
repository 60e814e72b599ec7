/**
 * `govbuy report <folder>`: a report of a results folder — a run, a sweep, a comparison or a
 * calibration, told apart by its manifest's format — written into it: report.html
 * (self-contained, charts inlined as SVG, opens offline), report.md (with the PNGs) and charts/
 * (each chart as .vl.json, .svg and .png). In another language than English the files sit beside
 * those: report.zh.html, report.zh.md, charts.zh/. The folder is checked before anything is
 * written.
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
import { reportFileNames, type Document } from '../../report/document.ts';
import { buildCalibrationReport } from '../../report/calibrationReport.ts';
import { loadCalibrationResults } from '../../report/calibrationResults.ts';
import { factorColumns } from '../../experiments/columns.ts';
import type { ResolvedExperiment } from '../../experiments/file.ts';
import { count, list, single, UsageError, type Io } from '../context.ts';

export function builder(y: Argv): Argv {
  return y
    .positional('folder', { type: 'string', describe: 'Results folder (made by govbuy run, sweep, compare or calibrate)' })
    .option('lang', { type: 'string', default: 'en', describe: 'Language of the report: en (report.html, report.md, charts/) or zh (report.zh.html, report.zh.md, charts.zh/)' })
    .option('pairs', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'Grid sweeps: the factor pairs to draw heat maps for, A:B (comma-separated or repeated; default: every pair, pairs of levers first)',
    })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an earlier report in the same language' })
    .example('$0 report results/xitun', '')
    .example('$0 report results/xitun --lang zh --force', '')
    .example('$0 report results/payments-vs-survival', '')
    .example('$0 report results/payments-vs-survival --pairs advance_share:delay_months', '')
    .example('$0 report results/compare-chifeng-xitun', '')
    .example('$0 report results/chifeng-xitun-calibration', '');
}

export function readLang(value: unknown): 'en' | 'zh' {
  const lang = single('lang', value) ?? 'en';
  if (!(LANGS as readonly string[]).includes(lang)) throw new UsageError(`--lang must be one of ${LANGS.join(', ')}, got ${JSON.stringify(lang)}`);
  return lang as 'en' | 'zh';
}

/** --pairs A:B[,C:D…], checked against the sweep's factor columns. */
export function readPairs(value: unknown, factors: readonly string[]): [string, string][] {
  const texts = list(value).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
  return texts.map((text) => {
    const parts = text.split(':').map((p) => p.trim());
    if (parts.length !== 2 || parts.some((p) => p.length === 0) || parts[0] === parts[1])
      throw new UsageError(`--pairs takes two different factors as A:B (e.g. advance_share:delay_months), got ${JSON.stringify(text)}`);
    for (const p of parts) if (!factors.includes(p)) throw new UsageError(`--pairs ${text}: the sweep has no factor "${p}"; its factors with several levels are ${factors.join(', ') || 'none'}`);
    return [parts[0], parts[1]];
  });
}

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const folder = String(args.folder);
  const lang = readLang(args.lang);
  const force = args.force === true;
  const names = reportFileNames(lang);
  const own = [names.html, names.md, names.charts];
  const { kind, format, manifest } = await detectResults(folder);
  if (kind === 'classroom') throw new GovbuyError('RESULTS_UNSUPPORTED', `${folder} is a classroom pack; it already has its pages (index.html, debrief.html)`);
  if (kind === 'other')
    throw new GovbuyError('RESULTS_UNSUPPORTED', `${folder} holds "${format}" results; reports of "${format}" results are not supported — report on a run, sweep, comparison or calibration folder (made by govbuy run, sweep, compare or calibrate)`);
  if (args.pairs !== undefined && kind !== 'sweep') throw new UsageError('--pairs chooses the heat maps of a grid sweep; this folder is not a sweep');
  let built: { charts: Chart[]; doc: Document };
  let note = '';
  if (kind === 'run') {
    const results = await loadRunResults(folder, manifest);
    await checkIntoDir(folder, own, { force }); // refuse before the work, not after
    built = buildRunReport(results, lang, rerunExits(results, lang), packageVersion());
  } else if (kind === 'compare') {
    const results = await loadCompareResults(folder, manifest);
    await checkIntoDir(folder, own, { force });
    built = buildCompareReport(results, lang, packageVersion());
  } else if (kind === 'calibration') {
    const results = await loadCalibrationResults(folder, manifest);
    await checkIntoDir(folder, own, { force });
    built = buildCalibrationReport(results, lang, packageVersion());
  } else {
    const checked = checkSweepManifest(folder, manifest);
    const e = checked.experiment;
    let pairs: [string, string][] | undefined;
    if (args.pairs !== undefined) {
      if (e.design.type !== 'grid') throw new UsageError(`--pairs chooses the heat maps of a grid sweep; ${folder} is a ${e.design.type} design`);
      pairs = readPairs(args.pairs, gridFactors(e));
    }
    await checkIntoDir(folder, own, { force });
    const results = await loadSweepResults(folder, checked);
    built = buildSweepReport(results, lang, packageVersion(), pairs ? { pairs } : {});
    if (results.analysisFrom !== 'folder') note = ` (analysis computed in memory; "govbuy analyze ${folder}" writes it to analysis/)`;
  }
  const { charts, doc } = built;
  // Loaded here, not at start-up: vega and resvg take a second to load, and other commands need neither.
  const { documentFiles } = await import('../../report/write.ts');
  const { files } = await documentFiles({ [names.stem]: doc }, charts, names.charts);
  await writeIntoDir(folder, files, { force });
  io.out(`wrote ${join(folder, names.html)}, ${join(folder, names.md)} and ${count(charts.length, 'chart')} in ${join(folder, names.charts)}/${note}\n`);
  return 0;
}

/** The factor columns of a grid that have several levels (the pairs heat maps can show). */
function gridFactors(e: ResolvedExperiment): string[] {
  const columns = factorColumns(e);
  return columns.filter((c) => (e.scenarioColumn === c ? e.scenarios.length : (e.factors.find((f) => f.name === c)?.values?.length ?? (e.policies && c === e.policies.column ? e.policies.list.length : 0))) > 1);
}
