/**
 * `govbuy classroom <scenario>`: a discussion pack for a leaderless group discussion (无领导小组
 * 讨论) on the place a scenario describes. Simulates three policy options over several seeds and
 * writes a new folder: index.html / index.md (briefing, options, charts, four role briefs,
 * questions), debrief.html / debrief.md (the teacher's sheet), charts/, outcomes.csv and
 * manifest.json.
 */
import { createHash } from 'node:crypto';
import { basename, extname, join } from 'node:path';
import type { Argv } from 'yargs';
import { checkOutputDir, readTextFile, writeOutputTree } from '../../io/files.ts';
import { stableJson } from '../../io/formats.ts';
import { checkMemory } from '../../io/memory.ts';
import { codeVersion, packageVersion } from '../../io/version.ts';
import { buildPack } from '../../report/classroom/pack.ts';
import { optionJobs, optionResults, optionScenarios, type OptionResult } from '../../report/classroom/simulate.ts';
import { OPTIONS } from '../../report/classroom/options.ts';
import { MEASURES, OUTCOME_IDS, OUTCOMES, type OutcomeId } from '../../report/classroom/outcomes.ts';
import { TEXTS } from '../../report/classroom/texts.ts';
import { placeName, t, type Lang } from '../../report/i18n.ts';
import { compareArms, type ArmRuns } from '../../experiments/compare.ts';
import { askedOutcomes } from '../../policies/outcomeFamilies.ts';
import { answerBlock, askedText, splitAnswer, type AnswerRow } from '../answer.ts';
import { CLASSROOM_FORMAT } from '../../report/results.ts';
import { CHART_DIR } from '../../report/document.ts';
import { runJobs } from '../../experiments/jobRunner.ts';
import { count, pathOption, list, renamedOption, requireValues, UsageError, wholeNumber, type Io } from '../context.ts';
import type { Choose } from '../main.ts';
import { capWorkersOption, manyRunsOptions, readManyRunsOptions, withManyRuns } from '../manyRuns.ts';
import * as serveCommand from './classroomServe.ts';
import { readLang } from './report.ts';
import { MAX_SEED } from './run.ts';
import { resolvePlace, warnAboutTiming } from '../scenarioInput.ts';

export const DEFAULT_SEEDS = 10;
const MAX_SEEDS = 200;

export function builder(y: Argv, choose?: Choose): Argv {
  // The pack's options are its own (global: false), not `classroom serve`'s.
  return manyRunsOptions(y)
    .command(serveCommand.command, serveCommand.describe, (sub: Argv) => requireValues(serveCommand.builder(sub)), choose?.(serveCommand.handler))
    .positional('scenario', { type: 'string', describe: 'Scenario file (.yaml, .yml or .json), or a preset name from scenarios/ (e.g. guangzhou)' })
    .option('lang', { global: false, type: 'string', default: 'en', describe: 'Language of the pack: en or zh' })
    .option('seeds', { global: false, type: 'number', describe: `Runs per option, 2–${MAX_SEEDS} (default ${DEFAULT_SEEDS})` })
    .option('first-seed', { global: false, type: 'number', describe: "First seed; runs use first-seed, first-seed+1, … (default: the scenario's seed)" })
    .option('seed', { global: false, type: 'number', hidden: true, describe: 'Old name of --first-seed' })
    .option('years', { global: false, type: 'number', describe: 'Years to simulate (shorthand for --set years=N)' })
    .option('set', { global: false, type: 'string', array: true, requiresArg: true, describe: 'Override a parameter of the place before the options apply: path=value (repeatable)' })
    .option('out', { global: false, type: 'string', requiresArg: true, describe: 'Folder to write (default: results/class-<scenario name>)' })
    .option('force', { global: false, type: 'boolean', default: false, describe: 'Replace an existing pack or results folder' })
    .example('$0 classroom scenarios/chifeng-xitun.yaml --lang zh --out results/class-xitun', '');
}

/**
 * The answer on the screen: each option against the status quo over the same seeds — first the
 * figures of the outcome families of the levers it changes, then every other clear difference,
 * largest first; in `lang`, words and place name alike.
 */
export function classroomAnswer(results: readonly OptionResult[], lang: Lang): string[] {
  const [base] = results;
  const runsOf = (r: OptionResult): ArmRuns => ({ arm: r.option.id, runs: r.runs.map((run) => run.outcomes) });
  const lines: string[] = [];
  for (const r of results.slice(1)) {
    const table = compareArms([runsOf(base), runsOf(r)], OUTCOME_IDS);
    const mean = (arm: string, id: string) => table.outcomes.find((x) => x.arm === arm && x.outcome === id)?.mean ?? NaN;
    const finite = (x: number) => (Number.isFinite(x) ? x : null);
    const label = (id: OutcomeId) => OUTCOMES[id].label[lang];
    const rows: AnswerRow[] = table.differences.map((d) => ({
      outcome: label(d.outcome as OutcomeId),
      reference: finite(mean(base.option.id, d.outcome)),
      value: finite(mean(r.option.id, d.outcome)),
      diff: finite(d.mean),
      lo: finite(d.lo),
      hi: finite(d.hi),
      clear: d.clear,
    }));
    const measured = OUTCOME_IDS.filter((id) => MEASURES[id] !== null);
    const asked = askedOutcomes(Object.keys(r.option.sets), measured.map((id) => MEASURES[id]!));
    const askedIds = asked.outcomes.map((name) => measured.find((id) => MEASURES[id] === name)!);
    const split = splitAnswer(rows, askedIds.map(label));
    const name = (x: OptionResult) => TEXTS[lang].option[x.option.id].name;
    if (lines.length > 0) lines.push('');
    lines.push(
      ...answerBlock({
        heading: t(lang, 'screen.classroom.heading', { option: name(r), reference: name(base), seeds: base.runs.length }),
        referenceName: name(base),
        valueName: name(r),
        askedLabel: askedText(asked, lang),
        asked: split.asked,
        others: split.others,
        lang,
      }),
    );
  }
  lines.push(t(lang, 'screen.classroom.footnote'));
  return lines;
}

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const file = resolvePlace(String(args.scenario));
  const lang = readLang(args.lang);
  const seedCount = wholeNumber('seeds', args.seeds, MAX_SEEDS, { min: 2, why: 'confidence intervals need two runs' }) ?? DEFAULT_SEEDS;
  const firstSeed = wholeNumber('first-seed', renamedOption(args, io, 'first-seed', 'seed'), MAX_SEED);
  const years = wholeNumber('years', args.years);
  const sets = list(args.set);
  const force = args.force === true;
  const out = pathOption('out', args.out) ?? join('results', `class-${basename(file, extname(file)) || 'scenario'}`);

  const { workers, limits } = readManyRunsOptions(args);
  const text = await readTextFile(file);
  // Validate every option's scenario before the output check and the runs.
  const options = optionScenarios({ text, file, sets, years, seeds: [] });
  // The up-front memory check, as every command makes before it simulates.
  for (const { scenario } of options) checkMemory(scenario, file);
  const warned = new Set<string>();
  for (const { scenario } of options) warnAboutTiming(scenario, io, warned);
  const start = firstSeed ?? options[0].scenario.seed;
  if (start + seedCount - 1 > MAX_SEED) throw new UsageError(`--first-seed ${start} with --seeds ${seedCount} goes past the largest seed, ${MAX_SEED}`);
  await checkOutputDir(out, { force }); // refuse before the runs, not after
  const threads = capWorkersOption(workers, io);

  return withManyRuns(io, async (run) => {
    const startedAt = new Date();
    const t0 = performance.now();
    const seeds = Array.from({ length: seedCount }, (_, i) => start + i);
    const { ctx, jobs } = optionJobs(options, seeds);
    const outputs = await runJobs(ctx, jobs, { ...run, workers: threads, limits, describe: (job) => `option ${options[job.scenario].option.id} with seed ${job.seed}` });
    const results = optionResults(options, seeds, outputs);
    return writePack({ file, text, sets, years, seeds, lang, out, force, results, startedAt, t0 }, io);
  });
}

interface PackInput {
  file: string;
  text: string;
  sets: string[];
  years: number | undefined;
  seeds: number[];
  lang: Lang;
  out: string;
  force: boolean;
  results: OptionResult[];
  startedAt: Date;
  t0: number;
}

/** Build the pack from the options' results and write the folder. */
async function writePack({ file, text, sets, years, seeds, lang, out, force, results, startedAt, t0 }: PackInput, io: Io): Promise<number> {
  const pack = buildPack(results, lang, { version: packageVersion(), scenarioFile: file });
  // Loaded here, not at start-up: vega and resvg take a second to load, and other commands need neither.
  const { documentFiles } = await import('../../report/write.ts');
  const { files } = await documentFiles({ debrief: pack.teacher, index: pack.student }, pack.charts);
  const manifest = {
    format: CLASSROOM_FORMAT,
    formatVersion: 1,
    scenarioFile: file,
    scenarioSha256: createHash('sha256').update(text).digest('hex'),
    sets: [...sets, ...(years === undefined ? [] : [`years=${years}`])],
    seeds,
    lang,
    options: OPTIONS.map((o) => ({ id: o.id, sets: o.sets })),
    codeVersion: codeVersion(),
    timings: { startedAt: startedAt.toISOString(), wallMs: Math.round(performance.now() - t0) },
  };
  await writeOutputTree(out, { ...files, 'outcomes.csv': pack.outcomesCsv, 'manifest.json': stableJson(manifest) }, { force });
  const sc = results[0].scenario;
  io.out(
    [
      t(lang, 'screen.classroom.summary', {
        name: placeName(sc, lang),
        options: OPTIONS.length,
        seeds: seeds.length,
        first: seeds[0],
        last: seeds[seeds.length - 1],
        years: sc.years,
        yearsText: count(sc.years, 'year'),
        seconds: ((performance.now() - t0) / 1000).toFixed(1),
      }),
      '',
      ...classroomAnswer(results, lang),
      '',
      t(lang, 'screen.classroom.wrote', { index: join(out, 'index.html'), debrief: join(out, 'debrief.html'), charts: pack.charts.length, chartDir: join(out, CHART_DIR) }),
      '',
    ].join('\n'),
  );
  return 0;
}
