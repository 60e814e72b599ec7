/**
 * The report of a comparison (`govbuy compare`): the arms (places, policy variants and their
 * overrides), the key outcomes per arm and their differences from the reference arm as charts
 * (point and 95% interval), a table of every outcome (mean and 95% interval per arm, paired
 * difference from the reference with its interval, clear differences marked) and the command
 * that repeats the comparison. Pure: compare.json's tables in, charts and a document out.
 */
import { COMPARE_OUTCOMES } from '../experiments/compare.ts';
import { mechanismById, mechanismName, MECHANISMS } from '../model/mechanisms.ts';
import { askedOutcomes } from '../policies/outcomeFamilies.ts';
import type { Chart } from './charts/common.ts';
import { comparisonChart, type ComparisonRow } from './charts/comparison.ts';
import type { Block, Document } from './document.ts';
import { listSeparator, placeName, t, type Lang } from './i18n.ts';
import { AXIS_FORMAT, intervalText, outcomeLabel } from './outcomeText.ts';
import type { CompareArm, CompareResults, CompareStat } from './results.ts';
import { chartTitle, shellQuote } from './runReport.ts';

/** The outcomes the charts show, when the comparison has them (those `govbuy compare` prints). */
export const KEY_COMPARE_OUTCOMES = [
  'final.orgs_per_10k',
  'mean_bidders_per_tender',
  'failed_tender_share',
  'survival_12m',
  'first_year_mortality',
  'mean_resistance',
  'mean_insider_contract_share',
  'totals.mean_needs_met_share',
  'final.trust_in_orgs',
];

/** `sets` without the entries of `common` (each entry of common removes one equal entry). */
function without(sets: readonly string[], common: readonly string[]): string[] {
  const left = [...common];
  return sets.filter((s) => {
    const i = left.indexOf(s);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/** Overrides every arm has (in the first arm's order). */
export function commonSets(arms: readonly CompareArm[]): string[] {
  let common = [...arms[0].sets];
  for (const a of arms.slice(1)) common = common.filter((s) => a.sets.includes(s));
  return common;
}

/** The command that repeats the comparison (into its default folder; add --out to choose one). */
export function compareCommand(r: CompareResults): string {
  const { arms, seeds, outcomes } = r.manifest;
  const places = arms.filter((a) => a.policy === null && !a.knockOut);
  const first = places[0] ?? arms[0];
  const ofFirst = arms.filter((a) => a.scenarioFile === first.scenarioFile);
  // Arms that run a policy without a mechanism come from --policy and --knock-out together.
  const policies = ofFirst.filter((a) => a.policy !== null && !a.knockOut).map((a) => ({ name: a.policy!, sets: without(a.sets, first.sets) }));
  const args = ['govbuy', 'compare', ...places.map((a) => a.scenarioFile)];
  for (const p of policies) args.push('--policy', `${p.name}:${p.sets.join(';')}`);
  const knockOuts = ofFirst.flatMap((a) => (a.knockOut && a.policy === null ? [a.knockOut] : []));
  if (knockOuts.length === MECHANISMS.length && MECHANISMS.every((m) => knockOuts.includes(m.id))) args.push('--knock-out', 'all');
  else for (const id of knockOuts) args.push('--knock-out', id);
  args.push('--seeds', String(seeds.length));
  if (seeds[0] !== 1) args.push('--first-seed', String(seeds[0]));
  for (const s of first.sets) args.push('--set', s);
  if (outcomes.join(',') !== COMPARE_OUTCOMES.join(',')) args.push('--outcomes', outcomes.join(','));
  return args.map(shellQuote).join(' ');
}

/**
 * How a Chinese report names an arm for a reader: its place by its Chinese name (nameZh, else its
 * name), then its policy and the mechanism it runs without, if any. English reports, and every
 * table keyed by arm and every chart, name arms by their ids (the arms table pairs the two).
 */
function armLabel(a: CompareArm, lang: Lang): string {
  const place = armPlace(a, lang);
  if (place === null) return a.name;
  const policy = a.policy !== null ? `：${a.policy}` : '';
  const knockOut = a.knockOut ? `（${t(lang, 'compare.knockOut', { name: mechanismName(a.knockOut, lang) })}）` : '';
  return `${place}${policy}${knockOut}`;
}

/** An arm's place as a Chinese report names it (i18n's placeName); null in English or when the manifest holds no scenario names. */
function armPlace(a: CompareArm, lang: Lang): string | null {
  const sc = a.scenario;
  if (lang !== 'zh' || typeof sc?.name !== 'string') return null;
  return placeName({ name: sc.name, ...(typeof sc.nameZh === 'string' ? { nameZh: sc.nameZh } : {}) }, lang);
}

/** What makes an arm differ from its place: its policy, the mechanism it runs without, or nothing. */
function armVariant(a: CompareArm, lang: Lang): string {
  if (!a.knockOut) return a.policy ?? t(lang, 'compare.asItIs');
  const without = t(lang, 'compare.knockOut', { name: mechanismName(a.knockOut, lang) });
  return a.policy !== null ? `${a.policy}${listSeparator(lang)}${without}` : without;
}

interface Built {
  charts: Chart[];
  doc: Document;
}

export function buildCompareReport(r: CompareResults, lang: Lang, version: string): Built {
  const m = r.manifest;
  const arms = m.arms.map((a) => a.name);
  const others = arms.slice(1);
  const reference = m.reference;
  const seeds = m.seeds;
  const stat = new Map(r.outcomes.map((s) => [`${s.outcome}\u0000${s.arm}`, s]));
  const diff = new Map(r.differences.map((d) => [`${d.outcome}\u0000${d.arm}`, d]));
  const at = <T>(map: Map<string, T>, outcome: string, arm: string) => map.get(`${outcome}\u0000${arm}`);
  const cv = m.codeVersion;
  const labels = m.arms.map((a) => armLabel(a, lang));
  const title = t(lang, 'compare.title', { arms: arms.length <= 3 ? labels.join(' · ') : t(lang, 'compare.nArms', { n: arms.length, first: labels[0] }) });
  const charts: Chart[] = [];
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: title },
    {
      kind: 'paragraph',
      className: 'meta',
      text: t(lang, 'compare.meta', { n: seeds.length, first: seeds[0], last: seeds[seeds.length - 1], arms: arms.length, reference }),
    },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.code', { package: cv.package ?? '?', git: cv.git ?? 'unknown', dirty: cv.dirty ? t(lang, 'report.dirty') : '' }) },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.generated', { version, folder: r.dir }) },
  ];

  // The arms.
  const common = commonSets(m.arms);
  blocks.push(
    { kind: 'heading', level: 2, text: t(lang, 'compare.arms') },
    { kind: 'paragraph', text: t(lang, 'compare.armsNote', { n: seeds.length, reference }) },
    {
      kind: 'table',
      head: [t(lang, 'compare.arm'), t(lang, 'compare.place'), t(lang, 'compare.policy'), t(lang, 'compare.overrides')],
      rows: m.arms.map((a) => {
        // In Chinese, the arm's place as a reader names it, with the id the tables and charts below use.
        const place = armPlace(a, lang);
        const id = place === null ? a.name : `${place}（${a.name}）`;
        return [a.name === reference ? `**${id}**` : id, a.scenarioFile, armVariant(a, lang), without(a.sets, common).join('; ') || '–'];
      }),
    },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'compare.common', { sets: common.length > 0 ? common.join('; ') : t(lang, 'report.none') }) },
  );
  const knockOuts = m.arms.flatMap((a) => {
    const mechanism = a.knockOut && a.policy === null ? mechanismById(a.knockOut) : undefined;
    return mechanism ? [{ arm: a.name, mechanism }] : [];
  });
  if (knockOuts.length > 0)
    blocks.push(
      { kind: 'heading', level: 3, text: t(lang, 'compare.mechanisms') },
      { kind: 'paragraph', text: t(lang, 'compare.mechanismsNote') },
      {
        kind: 'table',
        head: [t(lang, 'compare.arm'), t(lang, 'compare.mechanism'), t(lang, 'compare.oddSection'), t(lang, 'compare.switchedOff')],
        rows: knockOuts.map(({ arm, mechanism: k }) => [arm, lang === 'zh' ? k.nameZh : k.name, `§${k.odd}`, lang === 'zh' ? k.howZh : k.how]),
      },
    );

  // How each policy works: the part of its effect that goes through each mechanism knocked out.
  if (r.through.length > 0) {
    // The outcomes each policy asks about (its levers' family, as on the screen).
    const asked = new Map(
      m.arms
        .filter((a) => a.policy !== null && !a.knockOut)
        .map((a) => [`${a.name}`, askedOutcomes(without(a.sets, common).map((set) => set.slice(0, set.indexOf('='))), m.outcomes).outcomes]),
    );
    const carried = r.through.filter((x) => x.clear && (asked.get(`${x.place}:${x.policy}`) ?? m.outcomes).includes(x.outcome)).sort((a, b) => a.policy.localeCompare(b.policy) || a.outcome.localeCompare(b.outcome) || Math.abs(b.through ?? 0) - Math.abs(a.through ?? 0));
    blocks.push({ kind: 'heading', level: 2, text: t(lang, 'compare.through') }, { kind: 'paragraph', text: t(lang, 'compare.throughNote', { n: seeds.length }) });
    if (carried.length === 0) blocks.push({ kind: 'paragraph', text: t(lang, 'compare.throughNone') });
    else
      blocks.push({
        kind: 'table',
        head: [t(lang, 'compare.arm'), t(lang, 'compare.mechanism'), t(lang, 'compare.outcome'), t(lang, 'compare.throughWith'), t(lang, 'compare.throughWithout'), t(lang, 'compare.throughIt')],
        rows: carried.map((x) => [
          `${x.place}:${x.policy}`,
          mechanismName(x.mechanism, lang),
          outcomeLabel(lang, x.outcome),
          intervalText(lang, x.outcome, x.with, x.with_lo, x.with_hi, true),
          intervalText(lang, x.outcome, x.without, x.without_lo, x.without_hi, true),
          `**${intervalText(lang, x.outcome, x.through, x.through_lo, x.through_hi, true)}**`,
        ]),
      });
  }

  // Key outcomes: levels and differences.
  const present = (s: CompareStat | undefined): s is CompareStat => s !== undefined && s.mean !== null;
  const keys = KEY_COMPARE_OUTCOMES.filter((o) => m.outcomes.includes(o));
  const shown = keys.length > 0 ? keys : m.outcomes.slice(0, KEY_COMPARE_OUTCOMES.length);
  const label = (o: string) => outcomeLabel(lang, o);
  const row = (o: string, arm: string, s: CompareStat): ComparisonRow => ({ outcome: label(o), arm, estimate: s.mean!, lo: s.lo ?? s.mean!, hi: s.hi ?? s.mean! });
  const levelRows = shown.flatMap((o) => arms.flatMap((a) => (present(at(stat, o, a)) ? [row(o, a, at(stat, o, a)!)] : [])));
  const diffRows = shown.flatMap((o) => others.flatMap((a) => (present(at(diff, o, a)) ? [row(o, a, at(diff, o, a)!)] : [])));
  const outcomeOrder = shown.map(label);
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'compare.key') });
  const chartBlock = (chart: Chart) => {
    charts.push(chart);
    blocks.push({ kind: 'chart', name: chart.name, alt: chartTitle(chart) });
  };
  if (levelRows.length > 0)
    chartBlock({
      name: 'compare-levels',
      spec: comparisonChart(levelRows, {
        lang,
        text: { title: t(lang, 'compare.levels.title'), subtitle: t(lang, 'compare.levels.note', { n: seeds.length }) },
        outcomeOrder,
        armOrder: arms,
        reference: null,
        format: AXIS_FORMAT,
      }),
    });
  if (diffRows.length > 0)
    chartBlock({
      name: 'compare-differences',
      spec: comparisonChart(diffRows, {
        lang,
        text: { title: t(lang, 'compare.diff.title', { reference }), subtitle: t(lang, 'compare.diff.note', { n: seeds.length }), x: t(lang, 'chart.compare.x') },
        outcomeOrder,
        armOrder: others,
        format: AXIS_FORMAT,
      }),
    });
  if (levelRows.length === 0) blocks.push({ kind: 'paragraph', text: t(lang, 'compare.noKey') });
  const undefinedKeys = shown.filter((o) => !arms.some((a) => present(at(stat, o, a))));
  if (undefinedKeys.length > 0 && levelRows.length > 0) blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'compare.undefined', { outcomes: undefinedKeys.map(label).join(listSeparator(lang)) }) });

  // Every outcome.
  const clearCount = r.differences.filter((d) => d.clear).length;
  blocks.push(
    { kind: 'heading', level: 2, text: t(lang, 'compare.all') },
    { kind: 'paragraph', text: t(lang, 'compare.allNote', { n: seeds.length, reference, clear: clearCount }) },
    {
      kind: 'table',
      className: 'wide',
      head: [t(lang, 'compare.outcome'), t(lang, 'report.meaning'), ...arms, ...others.map((a) => t(lang, 'compare.minus', { arm: a, reference }))],
      numeric: [false, false, ...arms.map(() => true), ...others.map(() => true)],
      rows: m.outcomes.map((o) => [
        o,
        label(o),
        ...arms.map((a) => {
          const s = at(stat, o, a);
          return s ? intervalText(lang, o, s.mean, s.lo, s.hi) : '–';
        }),
        ...others.map((a) => {
          const d = at(diff, o, a);
          if (!d) return '–';
          const text = intervalText(lang, o, d.mean, d.lo, d.hi, true);
          return d.clear ? `**${text}** ●` : text;
        }),
      ]),
    },
  );
  const derived = Object.entries(m.derivedOutcomes).filter(([o]) => m.outcomes.includes(o));
  if (derived.length > 0)
    // The folder records each definition in English; a Chinese report gives the outcome's Chinese label.
    blocks.push(
      { kind: 'paragraph', className: 'meta', text: t(lang, 'compare.derived') },
      { kind: 'list', items: derived.map(([o, what]) => (lang === 'zh' ? `${o}：${outcomeLabel(lang, o)}` : `${o}: ${what}`)) },
    );

  blocks.push(
    { kind: 'paragraph', className: 'meta', text: t(lang, 'compare.files') },
    { kind: 'heading', level: 2, text: t(lang, 'compare.reproduce') },
    { kind: 'paragraph', text: t(lang, 'report.reproduceNote', { git: cv.git ?? 'unknown' }) },
    { kind: 'code', language: 'sh', text: compareCommand(r) },
  );
  return { charts, doc: { lang, title, blocks } };
}
