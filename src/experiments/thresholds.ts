/**
 * Comparisons of an outcome with a number — satisficing thresholds in experiment files
 * (`analysis.thresholds`), the cases of interest of `govbuy discover --where` — and which way
 * an outcome is better (for regret). Pure.
 */

export type Direction = 'minimize' | 'maximize';
export type Comparison = '<' | '<=' | '>' | '>=';

export interface Threshold {
  op: Comparison;
  value: number;
}

/**
 * A comparison operator (<=, >=, <, >, ≤, ≥) as a regular-expression group. Regular expressions
 * with ≤ and ≥ are built from this string, not written as literals: the build writes strings in
 * ASCII but copies regular-expression literals as they are, and the command line's build is kept
 * ASCII because it loads faster so (scripts/build.mjs).
 */
export const OPERATOR = '(<=|>=|<|>|≤|≥)';

const COMPARISON = new RegExp(`^\\s*${OPERATOR}\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*$`);

/**
 * "<= 5", ">= 0.8", "< 3", "> 10" (≤ and ≥ too) as a threshold; a bare number compares as the
 * direction says (at most for minimize, at least for maximize). Null when the text is not one.
 */
export function parseThreshold(value: number | string, direction?: Direction): Threshold | null {
  if (typeof value === 'number') return Number.isFinite(value) ? { op: direction === 'maximize' ? '>=' : '<=', value } : null;
  const m = COMPARISON.exec(value);
  if (!m) {
    const n = value.trim() === '' ? NaN : Number(value);
    return Number.isFinite(n) ? parseThreshold(n, direction) : null;
  }
  const op = m[1] === '≤' ? '<=' : m[1] === '≥' ? '>=' : (m[1] as Comparison);
  const n = Number(m[2]);
  return Number.isFinite(n) ? { op, value: n } : null;
}

export function meets(x: number, t: Threshold): boolean {
  switch (t.op) {
    case '<':
      return x < t.value;
    case '<=':
      return x <= t.value;
    case '>':
      return x > t.value;
    case '>=':
      return x >= t.value;
  }
}

export function thresholdText(t: Threshold): string {
  return `${t.op} ${t.value}`;
}

/** The direction a threshold implies: below it is good (minimize) or above it (maximize). */
export function impliedDirection(t: Threshold): Direction {
  return t.op === '<' || t.op === '<=' ? 'minimize' : 'maximize';
}

/**
 * Outcomes that count harm, where lower is better, recognised by name: exits and mortality,
 * failed tenders and terminated contracts, complaints, resistance, blocked transfers, insiders'
 * share, market concentration (HHI) and the cost ratio to in-house provision. Every other outcome
 * is taken to be better when higher. A default only: experiment files state directions for the
 * outcomes they judge (`analysis.directions`).
 */
const HARM = /exit|mortality|failed|terminated|complaint|resistance|blocked|insider|hhi|cost_ratio/;

export function defaultDirection(outcome: string): Direction {
  return HARM.test(outcome) ? 'minimize' : 'maximize';
}

/** Where an outcome's direction comes from, for the robustness tables. */
export type DirectionSource = 'file' | 'threshold' | 'default';

/** The direction of `outcome`: the file's, else its threshold's, else the default. */
export function directionOf(outcome: string, directions: Readonly<Record<string, Direction>> = {}, thresholds: Readonly<Record<string, Threshold>> = {}): { direction: Direction; from: DirectionSource } {
  if (Object.hasOwn(directions, outcome)) return { direction: directions[outcome], from: 'file' };
  if (Object.hasOwn(thresholds, outcome)) return { direction: impliedDirection(thresholds[outcome]), from: 'threshold' };
  return { direction: defaultDirection(outcome), from: 'default' };
}
