/**
 * `govbuy compare <place|scenario>… [--policy NAME:PATH=VALUE[;PATH=VALUE…]]… --seeds N`: run
 * places and policy variants over the same seeds and write a side-by-side table — each outcome's
 * mean and 95% CI per arm, and each arm's paired difference from the first.
 */
import { basename, extname, join } from 'node:path';
import type { Argv } from 'yargs';
import { GovbuyError } from '../../engine/errors.ts';
import { COMPARE_OUTCOMES, compareArms, compareOutcomesOf, DERIVED_OUTCOMES, effectThrough, type ArmRuns, type ThroughRow } from '../../experiments/compare.ts';
import type { RunLimits } from '../../experiments/file.ts';
import { runJobs, type RunJobsOptions } from '../../experiments/jobRunner.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { checkOutputDir, writeOutputDir } from '../../io/files.ts';
import { stableJson, toCsv } from '../../io/formats.ts';
import { codeVersion } from '../../io/version.ts';
import { answerBlock, fmtDiff, splitAnswer, textTable, type AnswerRow } from '../answer.ts';
import { askedOutcomes } from '../../policies/outcomeFamilies.ts';
import { declaredLeverProblem, isLever, LEVER_ROOT } from '../../experiments/policies.ts';
import { splitPath } from '../../scenario/paths.ts';
import { count, pathOption, list, single, UsageError, wholeNumber, type Io } from '../context.ts';
import { capWorkersOption, manyRunsOptions, readManyRunsOptions, withManyRuns } from '../manyRuns.ts';
import { loadScenario, resolvePlace, warnAboutTiming } from '../scenarioInput.ts';
import { knockOutSets, mechanismById, MECHANISMS, type Mechanism } from '../../model/mechanisms.ts';

export const COMPARE_FORMAT = 'govbuy-compare';
export const COMPARE_FORMAT_VERSION = 1;

export function builder(y: Argv): Argv {
  return manyRunsOptions(y)
    .positional('places', { type: 'string', array: true, describe: 'Scenario files, or preset names from scenarios/ (e.g. guangzhou hong-kong)' })
    .option('seeds', { type: 'number', default: 30, describe: 'Seeds per arm (the same seeds for every arm)' })
    .option('first-seed', { type: 'number', default: 1, describe: 'First seed; arms run seeds first … first+seeds−1' })
    .option('policy', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'A policy variant run for every place: NAME:PATH=VALUE[;PATH=VALUE…] (repeatable). A policy sets levers only: paths under policies., or paths given with --lever',
    })
    .option('lever', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'A path outside policies. that a --policy may set, because the government chooses it (as levers: in experiment files), e.g. governments.street.catalogue (repeatable)',
    })
    .option('knock-out', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: `Also run every place without one mechanism of the model, to see what it contributes: ${MECHANISMS.map((m) => m.id).join(', ')}, or all (repeatable; docs/mechanisms.md)`,
    })
    .option('set', { type: 'string', array: true, requiresArg: true, describe: 'Override a parameter in every arm: path=value (repeatable)' })
    .option('years', { type: 'number', describe: 'Years to simulate in every arm' })
    .option('outcomes', { type: 'string', describe: 'Comma-separated outcomes to compute and show, exactly these rows (default: all, the screen leading with the outcomes of the levers each policy changes)' })
    .option('out', { type: 'string', requiresArg: true, describe: 'Results directory (default: results/compare-<places>)' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing results directory' })
    .example('$0 compare scenarios/guangzhou.yaml scenarios/hong-kong.yaml --seeds 30 --out results/gz-vs-hk', '')
    .example('$0 compare chifeng-xitun --policy "advance:policies.payments.advanceShare=0.5;policies.payments.delayMonths=0" --seeds 20', '')
    .example('$0 compare chifeng-xitun --policy "family:governments.street.catalogue=[family]" --lever governments.street.catalogue --seeds 20', '')
    .example('$0 compare chifeng-xitun --knock-out resistance --knock-out word-of-mouth --seeds 20', '');
}

interface Policy {
  name: string;
  sets: string[];
}

/** NAME:PATH=VALUE[;PATH=VALUE…] */
export function parsePolicy(text: string): Policy {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!/^[A-Za-z0-9_-]+$/.test(name))
    throw new UsageError(`--policy "${text}": expected NAME:PATH=VALUE[;PATH=VALUE…] with a name of letters, digits, - or _`);
  const sets = text
    .slice(colon + 1)
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (sets.length === 0 || sets.some((s) => s.indexOf('=') <= 0))
    throw new UsageError(`--policy "${text}": after "${name}:" give one or more PATH=VALUE separated by ;`);
  return { name, sets };
}

/**
 * A policy changes levers only, as the policies: of an experiment file do (experiments/policies.ts):
 * paths under policies., and paths declared levers (--lever, as an experiment's levers:). Anything
 * else (years, region.population) would make its arm differ from the reference in more than the
 * policy, and the differences would mean nothing; --set changes every arm alike.
 */
export function checkPolicyLevers(policies: readonly Policy[], declared: readonly string[]): void {
  declared.forEach((path, i) => {
    const problem = declaredLeverProblem(declared, i);
    if (problem) throw new UsageError(`--lever ${path}: ${problem}`);
  });
  for (const p of policies) {
    for (const set of p.sets) {
      const text = set.slice(0, set.indexOf('=')).trim();
      let path: string;
      try {
        path = splitPath(text).join('.');
      } catch {
        continue; // a malformed path: reading the scenario says what is wrong with it
      }
      if (isLever(path, declared)) continue;
      throw new UsageError(
        `--policy ${p.name}: ${set}: ${path} is not a lever, and a policy sets only levers: paths under ${LEVER_ROOT}. (e.g. policies.payments.advanceShare), ` +
          `or a path you declare with --lever ${path} if the government chooses it. To change ${path} in every arm alike, the reference too, use --set ${set.trim()}`,
      );
    }
  }
}

/** The mechanisms named with --knock-out (ID, comma-separated IDs, or all), each once, in the catalogue's order. */
export function parseKnockOuts(texts: readonly string[]): Mechanism[] {
  const ids = new Set<string>();
  for (const text of texts)
    for (const id of text.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (id === 'all') MECHANISMS.forEach((m) => ids.add(m.id));
      else if (mechanismById(id)) ids.add(id);
      else throw new UsageError(`--knock-out ${id}: no such mechanism; the mechanisms are ${MECHANISMS.map((m) => m.id).join(', ')} (or all)`);
    }
  if (texts.length > 0 && ids.size === 0) throw new UsageError('--knock-out names no mechanism: give one of ' + MECHANISMS.map((m) => m.id).join(', ') + ', or all');
  return MECHANISMS.filter((m) => ids.has(m.id));
}

interface Arm {
  name: string;
  scenarioFile: string;
  policy: string | null;
  /** The mechanism this arm runs without (a knock-out arm), or null. */
  knockOut: string | null;
  sets: string[];
  /** The policy's own overrides (PATH=VALUE), without the common ones. */
  policySets: string[];
  scenario: Scenario;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const places = list(args.places);
  const seeds = wholeNumber('seeds', args.seeds, 100000, { min: 2, why: 'confidence intervals need two runs' }) ?? 30;
  const firstSeed = wholeNumber('first-seed', args['first-seed'], 2 ** 31 - 1) ?? 1;
  if (firstSeed + seeds - 1 > 2 ** 31 - 1) throw new UsageError('--first-seed + --seeds goes past the largest seed (2147483647)');
  const policies = list(args.policy).map(parsePolicy);
  const names = new Set<string>();
  for (const p of policies) {
    if (names.has(p.name)) throw new UsageError(`--policy name "${p.name}" is used twice`);
    names.add(p.name);
  }
  const declared = list(args.lever);
  checkPolicyLevers(policies, declared);
  const knockOuts = parseKnockOuts(list(args['knock-out']));
  for (const m of knockOuts)
    if (names.has(`no-${m.id}`)) throw new UsageError(`--policy no-${m.id} has the name of the arm that runs without ${m.id} (--knock-out ${m.id}); give the policy another name`);
  const common = list(args.set);
  const years = wholeNumber('years', args.years);
  const { workers, limits } = readManyRunsOptions(args);
  const outcomesText = single('outcomes', args.outcomes);
  // Each named once, in the order given (a repeat would be a second, identical row).
  const outcomes = outcomesText !== undefined ? [...new Set(outcomesText.split(',').map((s) => s.trim()).filter(Boolean))] : [...COMPARE_OUTCOMES];
  if (outcomes.length === 0) throw new UsageError('--outcomes names no outcome: give a comma-separated list (e.g. --outcomes final.orgs_active,totals.complaints), or leave it out for all');
  const unknown = outcomes.filter((o) => !COMPARE_OUTCOMES.includes(o));
  if (unknown.length > 0)
    throw new GovbuyError('SET_INVALID', `unknown outcome${unknown.length > 1 ? 's' : ''} ${unknown.map((o) => `"${o}"`).join(', ')} in --outcomes`, [
      `known outcomes: ${COMPARE_OUTCOMES.join(', ')}`,
    ]);
  if (places.length + policies.length + knockOuts.length < 2) throw new UsageError('compare needs two arms: two places, or a place and a --policy or --knock-out');

  // Arms: each place as it is, then with each policy, then without each mechanism knocked out.
  // Everything is validated first.
  const arms: Arm[] = [];
  const files = places.map(resolvePlace);
  const labels = files.map((f) => basename(f, extname(f)));
  if (new Set(labels).size !== labels.length) throw new UsageError(`two places have the same name (${labels.join(', ')}); give files with different names`);
  for (const [i, file] of files.entries()) {
    const base = await loadScenario(file, common, years);
    arms.push({ name: labels[i], scenarioFile: file, policy: null, knockOut: null, sets: base.sets, policySets: [], scenario: base.scenario });
    for (const p of policies) {
      const variant = await loadScenario(file, [...common, ...p.sets], years, [...common.map(() => undefined), ...p.sets.map((s) => `--policy ${p.name}: ${s}`)]);
      arms.push({ name: `${labels[i]}:${p.name}`, scenarioFile: file, policy: p.name, knockOut: null, sets: variant.sets, policySets: p.sets, scenario: variant.scenario });
    }
    for (const m of knockOuts) {
      const sets = knockOutSets(m);
      const variant = await loadScenario(file, [...common, ...sets], years, [...common.map(() => undefined), ...sets.map((s) => `--knock-out ${m.id}: ${s}`)]);
      arms.push({ name: `${labels[i]}:no-${m.id}`, scenarioFile: file, policy: null, knockOut: m.id, sets: variant.sets, policySets: [], scenario: variant.scenario });
    }
    // With policies and knock-outs both, each policy also runs without each mechanism: how much of
    // its effect goes through the mechanism (through.csv).
    for (const p of policies)
      for (const m of knockOuts) {
        const sets = knockOutSets(m);
        const labelsOf = [...common.map(() => undefined), ...p.sets.map((s) => `--policy ${p.name}: ${s}`), ...sets.map((s) => `--knock-out ${m.id}: ${s}`)];
        const variant = await loadScenario(file, [...common, ...p.sets, ...sets], years, labelsOf);
        arms.push({ name: `${labels[i]}:${p.name}:no-${m.id}`, scenarioFile: file, policy: p.name, knockOut: m.id, sets: variant.sets, policySets: p.sets, scenario: variant.scenario });
      }
  }
  const warned = new Set<string>();
  for (const arm of arms) warnAboutTiming(arm.scenario, io, warned);
  const out = pathOption('out', args.out) ?? join('results', `compare-${labels.join('-vs-')}`);
  const force = args.force === true;
  await checkOutputDir(out, { force });
  const threads = capWorkersOption(workers, io);
  return withManyRuns(io, (run) => compareArmsAndWrite(arms, { seeds, firstSeed, outcomes, named: outcomesText !== undefined, out, force, workers: threads, limits }, run, io));
}

interface CompareSettings {
  seeds: number;
  firstSeed: number;
  outcomes: string[];
  /** Whether --outcomes named the outcomes (the answer then shows exactly those). */
  named: boolean;
  out: string;
  force: boolean;
  workers: number | undefined;
  limits: RunLimits;
}

/** Run every arm over the seeds, tabulate, write the folder (only once every run is done). */
async function compareArmsAndWrite(arms: Arm[], settings: CompareSettings, run: Pick<RunJobsOptions, 'signal' | 'progress' | 'note'>, io: Io): Promise<number> {
  const { seeds, firstSeed, outcomes, named, out, force, workers, limits } = settings;
  const startedAt = new Date();
  const t0 = performance.now();
  const seedList = Array.from({ length: seeds }, (_, k) => firstSeed + k);
  // Every arm over every seed, arm by arm: on worker threads, handed back in this order.
  const jobs = arms.flatMap((_, scenario) => seedList.map((seed) => ({ scenario, seed })));
  const outputs = await runJobs({ scenarios: arms.map((a) => a.scenario) }, jobs, { ...run, workers, limits, describe: (job) => `arm ${arms[job.scenario].name} with seed ${job.seed}` });
  const armRuns: ArmRuns[] = arms.map((arm) => ({ arm: arm.name, runs: [] }));
  const runRows: Record<string, unknown>[] = [];
  jobs.forEach((job, i) => {
    const values = compareOutcomesOf(outputs[i].summary, outputs[i].series, outcomes);
    runRows.push({ arm: arms[job.scenario].name, seed: job.seed, ...values });
    armRuns[job.scenario].runs.push(values);
  });
  const table = compareArms(armRuns, outcomes);
  const through = throughRows(arms, armRuns, outcomes);
  const outcomeRows = table.outcomes.map((r) => ({ ...r, mean: finite(r.mean), lo: finite(r.lo), hi: finite(r.hi) }));
  const differenceRows = table.differences.map((r) => ({ ...r, mean: finite(r.mean), lo: finite(r.lo), hi: finite(r.hi) }));
  const manifest = {
    format: COMPARE_FORMAT,
    formatVersion: COMPARE_FORMAT_VERSION,
    arms: arms.map((a) => ({ name: a.name, scenarioFile: a.scenarioFile, policy: a.policy, knockOut: a.knockOut, sets: a.sets, scenario: a.scenario })),
    reference: arms[0].name,
    seeds: seedList,
    outcomes,
    derivedOutcomes: Object.fromEntries(Object.entries(DERIVED_OUTCOMES).map(([k, v]) => [k, v.describe])),
    codeVersion: codeVersion(),
    timings: { startedAt: startedAt.toISOString(), wallMs: Math.round(performance.now() - t0) },
  };
  await writeOutputDir(
    out,
    {
      'manifest.json': stableJson(manifest),
      'runs.csv': toCsv(['arm', 'seed', ...outcomes], runRows),
      'outcomes.csv': toCsv(['outcome', 'arm', 'mean', 'lo', 'hi', 'n'], outcomeRows),
      'differences.csv': toCsv(['outcome', 'arm', 'reference', 'mean', 'lo', 'hi', 'n', 'clear'], differenceRows.map((r) => ({ ...r, clear: r.clear ? 1 : 0 }))),
      'compare.json': stableJson({ reference: arms[0].name, outcomes: outcomeRows, differences: differenceRows, ...(through.length > 0 ? { through: through.flatMap(throughJsonRows) } : {}) }),
      ...(through.length > 0 ? { 'through.csv': toCsv(THROUGH_COLUMNS, through.flatMap(throughCsvRows)) } : {}),
    },
    { force },
  );
  io.out(
    [
      ...summaryLines({ arms, runs: armRuns, outcomes, named, seeds: seedList }),
      ...throughLines(through, arms, outcomes, named),
      `wrote ${out}/ manifest.json, runs.csv, outcomes.csv, differences.csv, compare.json${through.length > 0 ? ', through.csv' : ''}`,
      '',
    ].join('\n'),
  );
  return 0;
}

/**
 * The answer on the screen: for every arm after the first, what was asked — the outcomes named
 * with --outcomes, exactly; else the outcome family of the levers its policy changes (a place
 * compared as it is: the headline outcomes) followed by every other clear difference, largest
 * first. A policy arm is compared with its own place (the reference arm for the first place,
 * as in differences.csv), over the same seeds.
 */
export function summaryLines(o: { arms: readonly Arm[]; runs: readonly ArmRuns[]; outcomes: readonly string[]; named: boolean; seeds: readonly number[] }): string[] {
  const lines: string[] = [];
  o.arms.forEach((arm, i) => {
    // A policy run without a mechanism is read against the policy (throughLines), not on its own.
    if (i === 0 || (arm.policy !== null && arm.knockOut !== null)) return;
    const ref = arm.policy !== null || arm.knockOut !== null ? o.arms.findIndex((a) => a.scenarioFile === arm.scenarioFile && a.policy === null && a.knockOut === null) : 0;
    const table = compareArms([o.runs[ref], o.runs[i]], o.outcomes);
    const meanOf = (armName: string, outcome: string) => table.outcomes.find((r) => r.arm === armName && r.outcome === outcome)?.mean ?? null;
    const rows: AnswerRow[] = table.differences.map((d) => ({
      outcome: d.outcome,
      reference: finite(meanOf(o.runs[ref].arm, d.outcome) ?? NaN),
      value: finite(meanOf(arm.name, d.outcome) ?? NaN),
      diff: finite(d.mean),
      lo: finite(d.lo),
      hi: finite(d.hi),
      clear: d.clear,
    }));
    const asked = o.named ? { label: 'the outcomes asked for (--outcomes)', outcomes: [...o.outcomes] } : askedFor(arm, o.outcomes);
    const split = splitAnswer(rows, asked.outcomes);
    const seeds = `${count(o.seeds.length, 'seed')} (${o.seeds[0]}–${o.seeds[o.seeds.length - 1]})`;
    if (lines.length > 0) lines.push('');
    lines.push(
      ...answerBlock({
        heading: `${arm.name} vs ${o.arms[ref].name}, paired over ${seeds}, ${count(arm.scenario.years, 'year')}:`,
        referenceName: o.arms[ref].name,
        valueName: arm.name,
        askedLabel: asked.label,
        asked: split.asked,
        ...(o.named ? {} : { others: split.others }),
      }),
    );
  });
  lines.push('* the 95% CI of the paired difference excludes 0 (a clear difference); change is relative to the first mean');
  return lines;
}

/** What an arm asks: what its knock-out is known to move, its policy's lever families, else the headline outcomes. */
function askedFor(arm: Arm, available: readonly string[]): { label: string; outcomes: string[] } {
  const knockedOut = arm.knockOut !== null ? mechanismById(arm.knockOut) : undefined;
  if (knockedOut && knockedOut.moves.length > 0)
    return { label: `what ${knockedOut.name} moves (docs/mechanisms.md)`, outcomes: knockedOut.moves.map((m) => m.outcome).filter((o) => available.includes(o)) };
  const paths = arm.policySets.map((s) => s.slice(0, s.indexOf('=')));
  const asked = askedOutcomes(paths, available);
  return { label: asked.label ? `asked — ${asked.label}` : 'headline outcomes (market, survival, resistance, service)', outcomes: asked.outcomes };
}

/** One policy's effect in one place, with and without one mechanism, outcome by outcome. */
interface Through {
  place: string;
  policy: string;
  mechanism: string;
  rows: ThroughRow[];
}

/** For every place, policy and knock-out run together: effectThrough over the four arms. */
function throughRows(arms: readonly Arm[], runs: readonly ArmRuns[], outcomes: readonly string[]): Through[] {
  const at = (file: string, policy: string | null, knockOut: string | null) => arms.findIndex((a) => a.scenarioFile === file && a.policy === policy && a.knockOut === knockOut);
  const out: Through[] = [];
  arms.forEach((arm, i) => {
    if (arm.policy === null || arm.knockOut === null) return;
    const place = at(arm.scenarioFile, null, null);
    const rows = effectThrough(runs[place], runs[at(arm.scenarioFile, arm.policy, null)], runs[at(arm.scenarioFile, null, arm.knockOut)], runs[i], outcomes);
    out.push({ place: arms[place].name, policy: arm.policy, mechanism: arm.knockOut, rows });
  });
  return out;
}

const THROUGH_COLUMNS = ['place', 'policy', 'mechanism', 'outcome', 'with', 'with_lo', 'with_hi', 'without', 'without_lo', 'without_hi', 'through', 'through_lo', 'through_hi', 'n', 'clear'];

/** compare.json's rows of `through` (report/results.ts, CompareThrough): those of through.csv, `clear` a boolean. */
function throughJsonRows(t: Through): Record<string, unknown>[] {
  return throughCsvRows(t).map((r) => ({ ...r, clear: r.clear === 1 }));
}

function throughCsvRows(t: Through): Record<string, unknown>[] {
  return t.rows.map((r) => ({
    place: t.place,
    policy: t.policy,
    mechanism: t.mechanism,
    outcome: r.outcome,
    with: finite(r.withMechanism.mean),
    with_lo: finite(r.withMechanism.lo),
    with_hi: finite(r.withMechanism.hi),
    without: finite(r.withoutMechanism.mean),
    without_lo: finite(r.withoutMechanism.lo),
    without_hi: finite(r.withoutMechanism.hi),
    through: finite(r.through.mean),
    through_lo: finite(r.through.lo),
    through_hi: finite(r.through.hi),
    n: r.through.n,
    clear: r.clear ? 1 : 0,
  }));
}

/**
 * On the screen, for each policy run with knock-outs: its effect on the outcomes it asks about
 * (those of --outcomes, else its lever family), with each mechanism and without it, for the
 * mechanisms that clearly carry part of it (95% CI of the difference excludes 0), largest first.
 */
function throughLines(through: readonly Through[], arms: readonly Arm[], outcomes: readonly string[], named: boolean): string[] {
  const lines: string[] = [];
  const groups = new Map<string, Through[]>();
  for (const t of through) groups.set(`${t.place}:${t.policy}`, [...(groups.get(`${t.place}:${t.policy}`) ?? []), t]);
  for (const [name, group] of groups) {
    const arm = arms.find((a) => a.name === name)!;
    const asked = named ? [...outcomes] : askedFor(arm, outcomes).outcomes;
    const rows: string[][] = [['outcome', 'mechanism', 'effect with it', 'without it', 'through it [95% CI]']];
    for (const outcome of asked) {
      const carried = group
        .map((t) => ({ mechanism: t.mechanism, row: t.rows.find((r) => r.outcome === outcome)! }))
        .filter((x) => x.row?.clear)
        .sort((a, b) => Math.abs(b.row.through.mean) - Math.abs(a.row.through.mean));
      for (const { mechanism, row } of carried)
        rows.push([outcome, mechanism, fmtDiff(row.withMechanism.mean, null, null), fmtDiff(row.withoutMechanism.mean, null, null), fmtDiff(row.through.mean, row.through.lo, row.through.hi)]);
    }
    lines.push('', `how ${name} works: its effect with each mechanism and without it, paired over the same seeds (through.csv):`);
    if (rows.length === 1) lines.push(`  no mechanism knocked out clearly carries its effect on ${asked.join(', ')}`);
    else lines.push(...textTable(rows));
  }
  return lines;
}
