/**
 * `govbuy analyze` on the screen: the experiment's question and what its analysis says about
 * it — for the outcomes asked (named with --outcomes, else the outcome families of the levers the
 * experiment varies), each factor's effect by the design's measure; then every other clear effect,
 * largest first. Grids: the level means with their intervals, and the change from the first level
 * to the last (clear when the two intervals do not overlap). Latin hypercubes: partial rank
 * correlations (clear when the interval excludes 0). Morris and Sobol: the factors ranked by μ* or
 * ST. Pure: the analysis in, lines out.
 */
import type { Cell } from '../experiments/columns.ts';
import type { Analysis, Table } from '../experiments/analysis.ts';
import type { ResolvedExperiment } from '../experiments/file.ts';
import { askedOf, panelOf } from '../report/sweepData.ts';
import type { Robustness } from '../experiments/robustness.ts';
import { fmt, fmtDiff, textTable } from './answer.ts';
import { robustnessAnswer } from './robustnessAnswer.ts';

/** Factors listed per outcome for Morris and Sobol designs (the most influential). */
const TOP_FACTORS = 3;
/** Uncertainties listed per outcome for policies × futures Latin hypercubes. */
const TOP_UNCERTAINTIES = 3;

const num = (v: Cell | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const levelText = (v: Cell | undefined): string => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : String(v ?? '–'));

interface EffectRow {
  outcome: string;
  cells: string[];
  clear: boolean;
  /** For ranking clear effects of different outcomes: relative to the outcome's level. */
  size: number;
}

/** The first sentence of a description (the question), on one line. */
function question(description: string): string {
  const text = description.replace(/\s+/g, ' ').trim();
  const end = text.search(/[.?!](\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** The analysis' table rows of one outcome, grouped by their scenario/policy panel and factor. */
function rowsOf(table: Table | null | undefined, outcome: string): Record<string, Cell>[] {
  return (table?.rows ?? []).filter((r) => r.metric === outcome);
}

function gridRows(a: Analysis, outcome: string): EffectRow[] {
  const own = rowsOf(a.mainEffects, outcome);
  const factors = [...new Set(own.map((r) => String(r.factor)))];
  return factors.flatMap((factor) => {
    let levels = own.filter((r) => r.factor === factor && num(r.mean) !== null);
    if (levels.length < 2) return [];
    if (levels.every((r) => typeof r.level === 'number')) levels = [...levels].sort((x, y) => (x.level as number) - (y.level as number));
    const first = levels[0];
    const last = levels[levels.length - 1];
    const change = num(last.mean)! - num(first.mean)!;
    const [fl, fh, ll, lh] = [num(first.ci_low), num(first.ci_high), num(last.ci_low), num(last.ci_high)];
    const clear = fl !== null && fh !== null && ll !== null && lh !== null && (ll > fh || lh < fl);
    const base = Math.abs(num(first.mean)!);
    const all = levels.map((r) => `${levelText(r.level)}: ${fmt(num(r.mean))}${num(r.ci_low) !== null ? ` [${fmt(num(r.ci_low))}, ${fmt(num(r.ci_high))}]` : ''}`).join(' · ');
    return [{ outcome, cells: [outcome, factor, all, `${fmtDiff(change, null, null)}${clear ? ' *' : '  '}`], clear, size: base > 0 ? Math.abs(change) / base : change === 0 ? 0 : Infinity }];
  });
}

/**
 * Whether a PRCC row differs from 0: its bootstrap interval excludes 0 and its t-test p-value is
 * below 1 − confidence (both say so: *), only one of them does (borderline: ?), or neither.
 */
export function prccVerdict(r: Readonly<Record<string, Cell>>, confidence: number): 'clear' | 'borderline' | 'none' {
  const [lo, hi, p] = [num(r.ci_low), num(r.ci_high), num(r.p_value)];
  const byInterval = lo !== null && hi !== null && (lo > 0 || hi < 0);
  const byTest = p !== null && p < 1 - confidence;
  return byInterval && byTest ? 'clear' : byInterval || byTest ? 'borderline' : 'none';
}

const MARK = { clear: ' *', borderline: ' ?', none: '  ' } as const;

function pText(p: number | null): string {
  return p === null ? '' : p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

function prccRows(a: Analysis, e: ResolvedExperiment, outcome: string): EffectRow[] {
  return rowsOf(a.prcc, outcome)
    .filter((r) => num(r.prcc) !== null)
    .map((r) => {
      const [v, lo, hi] = [num(r.prcc)!, num(r.ci_low), num(r.ci_high)];
      const verdict = prccVerdict(r, a.confidence);
      const panel = panelOf(e, r);
      return { outcome, cells: [outcome, `${r.factor}${panel ? ` (${panel})` : ''}`, `${fmtDiff(v, lo, hi)}${MARK[verdict]}`, pText(num(r.p_value))], clear: verdict === 'clear', size: Math.abs(v) };
    });
}

/** The legend of the PRCC marks: how the interval and the p-value are computed, and the rule. */
function prccLegend(a: Analysis, where?: string, borderline = true): string {
  const level = Math.round(a.confidence * 100);
  const alpha = Number((1 - a.confidence).toFixed(4));
  return `* the ${level}% bootstrap percentile interval of the PRCC (${a.bootstrap} resamples of the design points) excludes 0 and the t test of the partial correlation gives p < ${alpha}${borderline ? '; ? only one of the two does (borderline)' : ''}${where ? ` (${where})` : ''}`;
}

/**
 * Policies × futures: the PRCC table has a row per region, policy, outcome and uncertainty —
 * too many for a screen. Per outcome, the uncertainties that matter (* in at least one panel),
 * strongest first (by their largest |PRCC|), with the range of their PRCC over the panels and
 * in how many panels they are marked *.
 */
function prccDigest(a: Analysis, e: ResolvedExperiment, outcomes: readonly string[], where: string): string[] {
  const panels = new Set((a.prcc?.rows ?? []).map((r) => panelOf(e, r))).size;
  const rows: string[][] = [['outcome', 'uncertainty', 'PRCC over the panels', `* in (of ${panels})`]];
  let left = 0;
  for (const o of outcomes) {
    const own = rowsOf(a.prcc, o).filter((r) => num(r.prcc) !== null);
    const factors = [...new Set(own.map((r) => String(r.factor)))]
      .map((f) => {
        const list = own.filter((r) => r.factor === f);
        const values = list.map((r) => num(r.prcc)!);
        return { f, lo: Math.min(...values), hi: Math.max(...values), clear: list.filter((r) => prccVerdict(r, a.confidence) === 'clear').length, size: Math.max(...values.map(Math.abs)) };
      })
      .filter((x) => x.clear > 0)
      .sort((x, y) => y.clear - x.clear || y.size - x.size);
    left += Math.max(0, factors.length - TOP_UNCERTAINTIES);
    for (const x of factors.slice(0, TOP_UNCERTAINTIES)) rows.push([o, x.f, x.lo === x.hi ? fmtDiff(x.lo, null, null) : `${fmtDiff(x.lo, null, null)} to ${fmtDiff(x.hi, null, null)}`, String(x.clear)]);
  }
  const lines = [`what moves each outcome across the futures: partial rank correlation (PRCC) per ${[e.scenarioColumn, e.policies?.column].filter(Boolean).join(' · ')} panel, the ${TOP_UNCERTAINTIES} uncertainties marked * in the most panels per outcome:`];
  lines.push(...(rows.length > 1 ? textTable(rows, '  ', 2) : ['  (no uncertainty is marked * in any panel)']));
  lines.push(`${left > 0 ? `${left} more uncertainties marked * somewhere; ` : ''}every row, with its interval and p-value: ${where}`);
  lines.push(prccLegend(a, undefined, false));
  return lines;
}

function screeningRows(a: Analysis, e: ResolvedExperiment, outcome: string): EffectRow[] {
  const morris = e.design.type === 'morris';
  const own = rowsOf(morris ? a.morris : a.sobol, outcome);
  const key = morris ? 'mu_star' : 'ST';
  const panels = [...new Set(own.map((r) => panelOf(e, r)))];
  return panels.flatMap((panel) =>
    own
      .filter((r) => panelOf(e, r) === panel && num(r[key]) !== null)
      .sort((x, y) => num(y[key])! - num(x[key])!)
      .slice(0, TOP_FACTORS)
      .map((r) => {
        const measure = morris
          ? `μ* ${fmtDiff(num(r.mu_star), num(r.mu_star_ci_low), num(r.mu_star_ci_high)).replace(/^\+/, '')}, σ ${fmt(num(r.sigma))}`
          : `S1 ${fmtDiff(num(r.S1), num(r.S1_ci_low), num(r.S1_ci_high)).replace(/^\+/, '')}, ST ${fmtDiff(num(r.ST), num(r.ST_ci_low), num(r.ST_ci_high)).replace(/^\+/, '')}`;
        return { outcome, cells: [outcome, `${r.factor}${panel ? ` (${panel})` : ''}`, measure], clear: false, size: num(r[key])! };
      }),
  );
}

/** The lines analyze prints after what it wrote. `named`: the outcomes given with --outcomes (exactly those rows). */
export function analysisAnswer(a: Analysis, e: ResolvedExperiment, named: readonly string[], o: { robustness?: Robustness; out?: string } = {}): string[] {
  const design = e.design.type;
  const where = (file: string) => (o.out ? `${o.out}/${file}` : file);
  if (o.robustness) {
    // Policies × futures: the answer is which policy holds up; what drives the outcomes comes second, shortened.
    const lines: string[] = [];
    if (e.description.trim()) lines.push(`question: ${question(e.description)}`);
    const outcomes = named.length > 0 ? named.filter((x) => a.metrics.includes(x)) : a.metrics;
    lines.push(...robustnessAnswer(o.robustness, outcomes, where('robustness.csv')));
    if (design === 'lhs' && a.prcc) lines.push('', ...prccDigest(a, e, outcomes, where('prcc.csv')));
    return lines;
  }
  const rowsFor = (o: string): EffectRow[] => (design === 'grid' ? gridRows(a, o) : design === 'lhs' ? prccRows(a, e, o) : screeningRows(a, e, o));
  const head =
    design === 'grid'
      ? ['outcome', 'factor', 'mean at each level [95% CI]', 'last − first']
      : design === 'lhs'
        ? ['outcome', 'factor', 'PRCC [interval]', 'p-value']
        : ['outcome', 'factor', design === 'morris' ? `top ${TOP_FACTORS} by μ* [interval]` : `top ${TOP_FACTORS} by ST [interval]`];
  const asked = named.length > 0 ? { label: 'the outcomes asked for (--outcomes)', outcomes: named.filter((o) => a.metrics.includes(o)) } : leversAsk(e, a.metrics);
  const lines: string[] = [];
  if (e.description.trim()) lines.push(`question: ${question(e.description)}`);
  const askedRows = asked.outcomes.flatMap(rowsFor);
  lines.push(`${asked.label}:`);
  const others = named.length > 0 || design === 'morris' || design === 'sobol' ? [] : a.metrics.filter((o) => !asked.outcomes.includes(o)).flatMap(rowsFor).filter((r) => r.clear).sort((x, y) => y.size - x.size);
  const table = textTable([head, ...askedRows.map((r) => r.cells), ...others.map((r) => r.cells)], '  ', design === 'grid' ? 3 : 2);
  lines.push(...table.slice(0, 1 + askedRows.length));
  if (askedRows.length === 0) lines.push('  (no effect to show for these outcomes)');
  if (named.length === 0 && (design === 'grid' || design === 'lhs')) {
    lines.push(others.length > 0 ? 'other clear effects, largest first:' : 'no other clear effect');
    lines.push(...table.slice(1 + askedRows.length));
  }
  if (design === 'grid') lines.push('* the 95% CIs of the first and the last level do not overlap; levels averaged over the other factors (main_effects.csv)');
  if (design === 'lhs') lines.push(prccLegend(a, where('prcc.csv')));
  return lines;
}

function leversAsk(e: ResolvedExperiment, metrics: readonly string[]): { label: string; outcomes: string[] } {
  const asked = askedOf(e, metrics);
  return { label: asked.label ? `asked — ${asked.label}` : 'headline outcomes (no factor is a lever of a known family)', outcomes: asked.outcomes };
}
