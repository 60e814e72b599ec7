/**
 * The classroom discussion pack (无领导小组讨论): from the simulated options to two documents —
 * the participants' pack (briefing, options, charts, four role briefs, questions) and the
 * teacher's debrief (what happened under each option and why) — plus their charts and a CSV of
 * every run's figures. Pure.
 */
import { EXIT_CAUSES } from '../../agents/vocabulary.ts';
import { toCsv } from '../../io/formats.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { formatValue } from '../assumptions.ts';
import type { Chart } from '../charts/common.ts';
import { comparisonChart, type ComparisonRow } from '../charts/comparison.ts';
import { exitCausesChart } from '../charts/exitCauses.ts';
import type { Block, Document } from '../document.ts';
import { formatMoney, formatNumber, descriptionIn, placeName, t, wordLabel, type Lang } from '../i18n.ts';
import { meanExitRows } from '../runData.ts';
import { chartTitle, seriesChart } from '../runReport.ts';
import { ci95, welchDiff, type Difference, type Interval } from '../stats.ts';
import { changesOf, type OptionId } from './options.ts';
import { chartUnit, formatDifference, formatOutcome, OUTCOME_IDS, OUTCOMES, type OutcomeId } from './outcomes.ts';
import type { OptionResult } from './simulate.ts';
import { ROLE_IDS, ROLE_OUTCOMES, TEXTS, type PlaceFacts, type Texts } from './texts.ts';

export interface PackMeta {
  version: string;
  scenarioFile: string;
}

export interface Pack {
  charts: Chart[];
  student: Document;
  teacher: Document;
  /** One row per option and seed, one column per figure. */
  outcomesCsv: string;
}

/** Figures shown side by side in the participants' options table and the comparison chart. */
const HEADLINE: OutcomeId[] = ['orgsEnd', 'insolvencies', 'needsMet', 'satisfaction', 'trust', 'resistance', 'complaintsPerYear', 'spendingPerYear'];

type Stats = Record<OutcomeId, Interval | null>;

function statsOf(result: OptionResult): Stats {
  const out = {} as Stats;
  for (const id of OUTCOME_IDS) {
    const values = result.runs.map((r) => r.outcomes[id]).filter((v): v is number => v !== null);
    out[id] = values.length > 0 ? ci95(values) : null;
  }
  return out;
}

function differences(result: OptionResult, base: OptionResult): Record<OutcomeId, Difference | null> {
  const out = {} as Record<OutcomeId, Difference | null>;
  for (const id of OUTCOME_IDS) {
    const a = result.runs.map((r) => r.outcomes[id]).filter((v): v is number => v !== null);
    const b = base.runs.map((r) => r.outcomes[id]).filter((v): v is number => v !== null);
    out[id] = a.length > 0 && b.length > 0 ? welchDiff(a, b) : null;
  }
  return out;
}

/** Mean [lo, hi]; the interval is cut at 0 for figures that cannot be negative. */
function meanCi(lang: Lang, id: OutcomeId, s: Interval | null): string {
  if (!s) return '–';
  if (s.n < 2) return formatOutcome(lang, id, s.mean);
  const lo = OUTCOMES[id].kind === 'money' ? s.lo : Math.max(0, s.lo);
  return `${formatOutcome(lang, id, s.mean)} [${formatOutcome(lang, id, lo)}, ${formatOutcome(lang, id, s.hi)}]`;
}

function placeFacts(sc: Scenario, lang: Lang): PlaceFacts {
  const count = (pred: (o: Scenario['organizations']['initial'][number]) => boolean) => sc.organizations.initial.filter(pred).reduce((a, o) => a + o.count, 0);
  const g = sc.governments;
  const perCapita = [g.city, g.district, g.street].reduce((a, l) => a + l.budgetPerCapita * l.purchaseShare, 0);
  const switches = ['incubator', 'seedFund', 'compensation', 'training', 'publicity', 'transfer'] as const;
  const on = switches.filter((s) => sc.policies[s].enabled).map((s) => `${wordLabel(lang, 'lever', s)} (${sc.startYear + sc.policies[s].fromYear})`);
  return {
    name: placeName(sc, lang),
    population: formatNumber(sc.region.population, 0),
    communities: formatNumber(sc.region.districts * sc.region.streetsPerDistrict * sc.region.communitiesPerStreet, 0),
    firstYear: sc.startYear,
    lastYear: sc.startYear + sc.years - 1,
    years: sc.years,
    selfOrgs: formatNumber(count((o) => o.status === 'self'), 0),
    formalOrgs: formatNumber(count((o) => o.status !== 'self'), 0),
    affiliated: formatNumber(count((o) => o.status !== 'self' && o.origin === 'affiliated'), 0),
    purchaseFrom: sc.startYear + sc.policies.bidding.fromYear,
    purchaseBudget: formatMoney(lang, sc.region.population * perCapita),
    leversOn: on.length > 0 ? on.join(', ') : t(lang, 'report.none'),
  };
}

/** An option value in words where the texts have them (yes/no, who evaluates). */
function valueText(tx: Texts, value: unknown): string {
  const text = formatValue(value);
  return tx.values[text] ?? text;
}

function optionName(tx: Texts, id: OptionId): string {
  return tx.option[id].name;
}

/** A table of outcomes (rows) by option (columns), mean [95% CI]. */
function outcomeTable(lang: Lang, tx: Texts, ids: readonly OutcomeId[], results: readonly OptionResult[], stats: readonly Stats[]): Block {
  return {
    kind: 'table',
    head: [tx.outcome, tx.how, ...results.map((r) => optionName(tx, r.option.id))],
    rows: ids.map((id) => [OUTCOMES[id].label[lang], OUTCOMES[id].how[lang], ...stats.map((s) => meanCi(lang, id, s[id]))]),
    numeric: [false, false, ...results.map(() => true)],
  };
}

function packCharts(lang: Lang, tx: Texts, results: readonly OptionResult[], seeds: number): { series: Chart[]; exits: Chart; comparison: Chart } {
  const sc = results[0].scenario;
  const runs = results.flatMap((r) => r.runs.map((run) => ({ series: optionName(tx, r.option.id), run: run.seed, rows: run.series })));
  const band = seeds > 1 ? t(lang, 'chart.band', { n: seeds }) : t(lang, 'chart.oneRun', { seed: results[0].runs[0]?.seed ?? '' });
  const series = [
    seriesChart('options-organizations', runs, ['orgs_active'], 'count', lang, sc.startYear, band),
    seriesChart('options-needs-met', runs, ['needs_met_share'], 'share', lang, sc.startYear, band),
    seriesChart('options-resistance', runs, ['resistance_mean'], 'share', lang, sc.startYear, band),
    seriesChart('options-trust', runs, ['trust_in_orgs'], 'share', lang, sc.startYear, band),
  ];
  const causeLabel = (c: string) => wordLabel(lang, 'cause', c);
  const exitRows = results.flatMap((r) => meanExitRows(r.runs.map((run) => run.exits), causeLabel, optionName(tx, r.option.id)));
  const exits: Chart = {
    name: 'options-exits',
    spec: exitCausesChart(exitRows, {
      lang,
      text: { title: t(lang, 'chart.exits.title'), subtitle: t(lang, 'chart.meanOf', { n: seeds }), y: t(lang, 'chart.exits.y'), legend: t(lang, 'chart.exits.cause') },
      causeOrder: EXIT_CAUSES.map(causeLabel),
      panelOrder: results.map((r) => optionName(tx, r.option.id)),
      width: 720,
      height: 200,
    }),
  };
  const base = results[0];
  const rows: ComparisonRow[] = [];
  for (const r of results.slice(1)) {
    const diff = differences(r, base);
    for (const id of HEADLINE) {
      const d = diff[id];
      if (!d) continue;
      const { factor, unit } = chartUnit(lang, id);
      const name = (OUTCOMES[id].short ?? OUTCOMES[id].label)[lang];
      rows.push({ outcome: unit ? `${name} (${unit})` : name, arm: optionName(tx, r.option.id), estimate: d.diff * factor, lo: d.lo * factor, hi: d.hi * factor });
    }
  }
  const comparison: Chart = {
    name: 'options-differences',
    spec: comparisonChart(rows, {
      lang,
      text: { title: t(lang, 'chart.compare.title'), subtitle: t(lang, 'chart.compare.note', { n: seeds }), x: t(lang, 'chart.compare.x') },
      armOrder: results.slice(1).map((r) => optionName(tx, r.option.id)),
    }),
  };
  return { series, exits, comparison };
}

function studentDoc(lang: Lang, tx: Texts, results: readonly OptionResult[], stats: readonly Stats[], charts: ReturnType<typeof packCharts>, seeds: number): Document {
  const base = results[0].scenario;
  const facts = placeFacts(base, lang);
  const sq = stats[0];
  const years = base.years;
  const v = (id: OutcomeId) => (sq[id] ? formatOutcome(lang, id, sq[id]!.mean) : '–');
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: tx.packTitle(placeName(base, lang)) },
    { kind: 'paragraph', className: 'meta', text: tx.forStudents },
    ...tx.intro.map((text): Block => ({ kind: 'paragraph', text })),
    { kind: 'list', ordered: true, items: tx.steps },
    { kind: 'heading', level: 2, text: tx.briefing },
    { kind: 'heading', level: 3, text: tx.thePlace },
    ...tx.place(facts).map((text): Block => ({ kind: 'paragraph', text })),
  ];
  const description = descriptionIn(base, lang);
  if (description) blocks.push({ kind: 'paragraph', className: 'meta', text: description });
  blocks.push(
    {
      kind: 'table',
      head: [tx.figure, tx.value],
      rows: [
        [tx.fig.population, facts.population],
        [tx.fig.communities, facts.communities],
        [tx.fig.period, `${facts.firstYear}–${facts.lastYear}`],
        [tx.fig.selfOrgs, facts.selfOrgs],
        [tx.fig.formalOrgs, facts.formalOrgs],
        [tx.fig.affiliated, facts.affiliated],
        [tx.fig.purchaseFrom, String(facts.purchaseFrom)],
        [tx.fig.purchaseBudget, facts.purchaseBudget],
        [tx.fig.leversOn, facts.leversOn],
      ],
      numeric: [false, true],
    },
    { kind: 'heading', level: 3, text: tx.theProblem },
    ...tx.problem.map((text): Block => ({ kind: 'paragraph', text })),
    {
      kind: 'paragraph',
      text: tx.statusQuo({ seeds, years, orgsEnd: v('orgsEnd'), insolvencies: v('insolvencies'), needsMet: v('needsMet'), resistance: v('resistance'), complaints: v('complaintsPerYear') }),
    },
    { kind: 'heading', level: 2, text: tx.options },
    { kind: 'paragraph', text: tx.optionsIntro(seeds, years) },
  );
  for (const r of results) {
    const changes = changesOf(r.option, base);
    blocks.push({
      kind: 'box',
      blocks: [
        { kind: 'heading', level: 3, text: optionName(tx, r.option.id) },
        { kind: 'paragraph', text: tx.option[r.option.id].idea },
        {
          kind: 'paragraph',
          className: 'meta',
          text: tx.labelled(tx.changes, changes.length === 0 ? tx.noChanges : changes.map((c) => tx.changeBecomes(tx.path[c.path] ?? c.path, valueText(tx, c.before), valueText(tx, c.after))).join(lang === 'zh' ? '；' : '; ')),
        },
      ],
    });
  }
  blocks.push(outcomeTable(lang, tx, HEADLINE, results, stats));
  blocks.push({ kind: 'heading', level: 2, text: tx.charts }, { kind: 'paragraph', text: tx.chartsIntro });
  for (const chart of [...charts.series, charts.exits]) blocks.push({ kind: 'chart', name: chart.name, alt: chartTitle(chart) });

  blocks.push({ kind: 'pageBreak' }, { kind: 'heading', level: 2, text: tx.roles }, { kind: 'paragraph', text: tx.rolesIntro });
  ROLE_IDS.forEach((id, i) => {
    const role = tx.role[id];
    if (i > 0) blocks.push({ kind: 'pageBreak' });
    blocks.push({
      kind: 'box',
      className: 'role',
      blocks: [
        { kind: 'heading', level: 3, text: role.title },
        { kind: 'paragraph', text: role.who },
        { kind: 'paragraph', text: `**${tx.interests}**` },
        { kind: 'list', items: role.interests },
        { kind: 'paragraph', text: `**${tx.constraints}**` },
        { kind: 'list', items: role.constraints },
        { kind: 'paragraph', text: `**${tx.youCare}**` },
        outcomeTable(lang, tx, ROLE_OUTCOMES[id], results, stats),
        { kind: 'paragraph', text: `**${tx.push}**` },
        { kind: 'list', items: role.push },
      ],
    });
  });

  const spend = (i: number) => (stats[i]?.spendingPerYear ? formatOutcome(lang, 'spendingPerYear', stats[i].spendingPerYear!.mean) : '–');
  blocks.push(
    { kind: 'pageBreak' },
    { kind: 'heading', level: 2, text: tx.questions },
    {
      kind: 'list',
      ordered: true,
      items: tx.questionList({
        name: placeName(base, lang),
        insolvencies: v('insolvencies'),
        years,
        optionA: results[1] ? optionName(tx, results[1].option.id) : '',
        optionB: results[2] ? optionName(tx, results[2].option.id) : '',
        spendA: spend(1),
        spendB: spend(2),
      }),
    },
  );
  return { lang, title: tx.packTitle(placeName(base, lang)), blocks };
}

function teacherDoc(lang: Lang, tx: Texts, results: readonly OptionResult[], stats: readonly Stats[], charts: ReturnType<typeof packCharts>, seeds: number, meta: PackMeta): Document {
  const base = results[0];
  const years = base.scenario.years;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: tx.debriefTitle(placeName(base.scenario, lang)) },
    { kind: 'paragraph', className: 'meta', text: tx.forTeacher },
    { kind: 'heading', level: 2, text: tx.runIt },
    { kind: 'list', ordered: true, items: tx.runSteps },
    { kind: 'heading', level: 2, text: tx.whatHappened },
    { kind: 'paragraph', text: tx.sentence(tx.whatHappenedIntro(seeds, years), tx.differenceNote) },
    { kind: 'chart', name: charts.comparison.name, alt: chartTitle(charts.comparison) },
  ];
  for (const r of results.slice(1)) {
    const diff = differences(r, base);
    const clear = OUTCOME_IDS.filter((id) => diff[id]?.clear);
    const unclear = OUTCOME_IDS.filter((id) => diff[id] && !diff[id]!.clear);
    const items = clear.map((id) => {
      const d = diff[id]!;
      const why = tx.why[r.option.id]?.[id]?.[d.diff > 0 ? 'up' : 'down'] ?? tx.unexplained;
      return tx.sentence(tx.effect(OUTCOMES[id].label[lang], formatDifference(lang, id, d.diff), formatDifference(lang, id, d.lo), formatDifference(lang, id, d.hi)), why);
    });
    blocks.push({
      kind: 'box',
      className: 'teacher',
      blocks: [
        { kind: 'heading', level: 3, text: optionName(tx, r.option.id) },
        { kind: 'paragraph', text: tx.option[r.option.id].idea },
        { kind: 'paragraph', text: `**${tx.clearlyChanged}**` },
        items.length > 0 ? { kind: 'list', items } : { kind: 'paragraph', text: '–' },
        ...(unclear.length > 0 ? [{ kind: 'paragraph' as const, className: 'meta', text: tx.noClearChange(unclear.map((id) => OUTCOMES[id].label[lang]).join(lang === 'zh' ? '、' : ', ')) }] : []),
      ],
    });
  }
  blocks.push(
    { kind: 'heading', level: 2, text: tx.summaryTable },
    { kind: 'paragraph', className: 'meta', text: tx.meanCi },
    outcomeTable(lang, tx, OUTCOME_IDS, results, stats),
    { kind: 'heading', level: 2, text: tx.caveats },
    { kind: 'list', items: tx.caveatList(seeds) },
    { kind: 'heading', level: 2, text: tx.probes },
    { kind: 'list', items: tx.probeList },
    { kind: 'paragraph', className: 'meta', text: tx.madeBy(meta.version, meta.scenarioFile, seedRange(results)) },
  );
  return { lang, title: tx.debriefTitle(placeName(base.scenario, lang)), blocks };
}

function seedRange(results: readonly OptionResult[]): string {
  const seeds = results[0].runs.map((r) => r.seed);
  if (seeds.length === 0) return '';
  const contiguous = seeds.every((s, i) => s === seeds[0] + i);
  return contiguous && seeds.length > 1 ? `${seeds[0]}–${seeds[seeds.length - 1]}` : seeds.join(', ');
}

function outcomesCsv(results: readonly OptionResult[]): string {
  const rows = results.flatMap((r) => r.runs.map((run) => ({ option: r.option.id, seed: run.seed, ...run.outcomes })));
  return toCsv(['option', 'seed', ...OUTCOME_IDS], rows);
}

export function buildPack(results: readonly OptionResult[], lang: Lang, meta: PackMeta): Pack {
  if (results.length === 0 || results[0].option.id !== 'statusQuo') throw new Error('buildPack: the first option must be the status quo');
  const tx = TEXTS[lang];
  const seeds = results[0].runs.length;
  const stats = results.map(statsOf);
  const charts = packCharts(lang, tx, results, seeds);
  return {
    charts: [...charts.series, charts.exits, charts.comparison],
    student: studentDoc(lang, tx, results, stats, charts, seeds),
    teacher: teacherDoc(lang, tx, results, stats, charts, seeds, meta),
    outcomesCsv: outcomesCsv(results),
  };
}
