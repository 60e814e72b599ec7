/**
 * The answer on the screen: terminal tables that lead with what was asked (the outcomes of the
 * levers a policy changes, or the outcomes the user named) and then every other clear
 * difference, largest first. Used by compare, classroom and analyze. Pure: rows in, text out.
 * The words are those of report/i18n.ts (English unless a command is given --lang zh).
 */
import { LEVER_OUTCOMES, type AskedOutcomes } from '../policies/outcomeFamilies.ts';
import { t, wordLabel, type Lang } from '../report/i18n.ts';

/** One outcome of one comparison: the reference's mean, the other side's, and their difference with its 95% interval. */
export interface AnswerRow {
  outcome: string;
  reference: number | null;
  value: number | null;
  diff: number | null;
  lo: number | null;
  hi: number | null;
  /** Whether the interval excludes 0. */
  clear: boolean;
}

/**
 * How large a difference is, to rank outcomes of different units: relative to the reference
 * mean (|difference| / |reference|), infinite from a reference of 0; ties (two from 0) by how
 * far the interval lies from 0, in half-widths.
 */
export function sizeOf(r: AnswerRow): [number, number] {
  if (r.diff === null) return [-1, -1];
  const rel = r.reference === null ? -1 : r.reference === 0 ? (r.diff === 0 ? 0 : Infinity) : Math.abs(r.diff) / Math.abs(r.reference);
  const half = r.lo !== null && r.hi !== null ? (r.hi - r.lo) / 2 : 0;
  return [rel, half > 0 ? Math.abs(r.diff) / half : Infinity];
}

export function bySize(a: AnswerRow, b: AnswerRow): number {
  const [ra, ta] = sizeOf(a);
  const [rb, tb] = sizeOf(b);
  return rb - ra || tb - ta || a.outcome.localeCompare(b.outcome);
}

/** The rows asked for, in that order, and every other clear difference, largest first. */
export function splitAnswer(rows: readonly AnswerRow[], asked: readonly string[]): { asked: AnswerRow[]; others: AnswerRow[] } {
  const byName = new Map(rows.map((r) => [r.outcome, r]));
  return {
    asked: asked.map((o) => byName.get(o)).filter((r): r is AnswerRow => r !== undefined),
    others: rows.filter((r) => r.clear && !asked.includes(r.outcome)).sort(bySize),
  };
}

/** Decimals that show `x` with about three significant digits (none from 100 up). */
function decimalsFor(x: number): number {
  const a = Math.abs(x);
  if (!(a > 0) || !Number.isFinite(a)) return 0;
  return Math.min(10, Math.max(0, 2 - Math.floor(Math.log10(a))));
}

/** A number for the terminal: about three significant digits, never in exponent notation. */
export function fmt(x: number | null, decimals?: number): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const text = x.toFixed(decimals ?? decimalsFor(x));
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** "-3.40 [-4.87, -1.93]": a difference and its interval, with the same decimals. */
export function fmtDiff(diff: number | null, lo: number | null, hi: number | null): string {
  if (diff === null) return '–';
  const scale = Math.max(...[diff, lo, hi].filter((x): x is number => x !== null && Number.isFinite(x)).map(Math.abs));
  const d = decimalsFor(scale);
  const sign = (x: number) => (x > 0 ? `+${fmt(x, d)}` : fmt(x, d));
  return lo === null || hi === null ? sign(diff) : `${sign(diff)} [${fmt(lo, d)}, ${fmt(hi, d)}]`;
}

/** "-57%": the difference relative to the reference mean ('' when the reference is 0 or unknown). */
export function fmtChange(r: Pick<AnswerRow, 'diff' | 'reference'>): string {
  if (r.diff === null || r.reference === null || r.reference === 0) return '';
  const pct = (100 * r.diff) / Math.abs(r.reference);
  if (Math.abs(pct) < 0.05) return '0%';
  return `${pct > 0 ? '+' : ''}${Math.abs(pct) >= 10 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** Columns a text takes on a terminal: Chinese characters and full-width forms take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** Rows of cells as aligned text: the first `left` columns left-aligned (names), the others right-aligned (numbers). */
export function textTable(rows: readonly (readonly string[])[], indent = '  ', left = 1): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => displayWidth(r[c] ?? ''))));
  const pad = (cell: string, c: number) => {
    const fill = ' '.repeat(widths[c] - displayWidth(cell));
    return c < left ? cell + fill : fill + cell;
  };
  return rows.map((r) => indent + r.map(pad).join('  ').trimEnd());
}

/** Text followed by a colon, as each language writes it ("asked:", "所问："). */
export function withColon(text: string, lang: Lang): string {
  return `${text}${lang === 'zh' ? '：' : ':'}`;
}

/**
 * What the asked rows answer, in `lang`: "asked — payments: insolvency and exits; …" (the
 * levers' families, as askedOutcomes labels them), or `headline` when no lever has a family.
 */
export function askedText(asked: Pick<AskedOutcomes, 'levers' | 'label'>, lang: Lang, headline = t(lang, 'screen.headline')): string {
  if (asked.label === null) return headline;
  if (lang === 'en') return t(lang, 'screen.asked', { levers: asked.label });
  return t(lang, 'screen.asked', { levers: asked.levers.map((l) => `${wordLabel(lang, 'lever', l)}（${LEVER_OUTCOMES[l].familyZh}）`).join('；') });
}

/**
 * One comparison as text: a heading, the asked rows (under `askedLabel`) and the other clear
 * differences (when `others` is given), with the reference's and the other side's means, the
 * difference [95% CI] marked * when clear, and the relative change. The column heads and notes
 * are in `lang` (default English).
 */
export function answerBlock(o: { heading: string; referenceName: string; valueName: string; askedLabel: string; asked: readonly AnswerRow[]; others?: readonly AnswerRow[]; lang?: Lang }): string[] {
  const lang = o.lang ?? 'en';
  const head = [t(lang, 'screen.outcome'), o.referenceName, o.valueName, t(lang, 'screen.difference'), t(lang, 'screen.change')];
  const cells = (r: AnswerRow) => [r.outcome, fmt(r.reference), fmt(r.value), `${fmtDiff(r.diff, r.lo, r.hi)}${r.clear ? ' *' : '  '}`, fmtChange(r)];
  const rows: string[][] = [head, ...o.asked.map(cells)];
  const othersAt = rows.length;
  if (o.others) rows.push(...o.others.map(cells));
  const table = textTable(rows);
  const lines = [o.heading, `  ${withColon(o.askedLabel, lang)}`, ...table.slice(0, othersAt)];
  if (o.asked.length === 0) lines.push(`  ${t(lang, 'screen.noneComputed')}`);
  if (o.others) {
    lines.push(`  ${o.others.length > 0 ? t(lang, 'screen.others') : t(lang, 'screen.noOthers')}`);
    lines.push(...table.slice(othersAt));
  }
  return lines;
}
