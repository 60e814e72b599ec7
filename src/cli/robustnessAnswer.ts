/**
 * `govbuy analyze` on the screen for a policies × futures sweep: which policy holds up across the
 * futures. Per outcome, a table of each policy's robustness figures per region (robustness.csv:
 * mean, satisficing share, mean and maximum regret), then the most robust policy per region —
 * the least maximum regret (Savage's minimax regret; ties by the least mean regret) — and, with
 * a threshold, the policy that meets it in the most futures; last, the share of futures in which
 * each policy meets every threshold at once. Pure: the robustness in, lines out.
 */
import type { Cell } from '../experiments/columns.ts';
import type { Robustness } from '../experiments/robustness.ts';
import { fmt, textTable } from './answer.ts';

const num = (v: Cell | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const pct = (x: number | null): string => (x === null ? '–' : `${Number((x * 100).toFixed(1))}%`);

/** The rows with the best `key` (smallest, or largest with `max`), ties broken by `tie` (smallest); [] when none has a value. */
function best(rows: readonly Record<string, Cell>[], key: string, max: boolean, tie?: string): Record<string, Cell>[] {
  const valued = rows.filter((r) => num(r[key]) !== null);
  if (valued.length === 0) return [];
  const pick = (list: Record<string, Cell>[], k: string, hi: boolean) => {
    const values = list.map((r) => num(r[k])).filter((v): v is number => v !== null);
    if (values.length === 0) return list;
    const target = hi ? Math.max(...values) : Math.min(...values);
    return list.filter((r) => num(r[k]) === target);
  };
  const first = pick(valued, key, max);
  return tie ? pick(first, tie, false) : first;
}

/** The lines of the robustness answer. `outcomes`: those to show (all of the robustness' when empty). */
export function robustnessAnswer(r: Robustness, outcomes: readonly string[] = [], file = 'robustness.csv'): string[] {
  const sc = r.scenarioColumn;
  const pc = r.policyColumn;
  const regions = sc === null ? [null] : [...new Set(r.table.rows.map((row) => String(row[sc])))];
  const shown = r.outcomes.filter((o) => outcomes.length === 0 || outcomes.includes(o.outcome));
  const names = (rows: Record<string, Cell>[]) => (rows.length > 1 && rows.length === r.policies.length ? 'every policy alike' : rows.map((x) => String(x[pc])).join(' = '));
  const lines = [`which policy holds up: ${r.policies.length} policies in the same ${r.worlds} futures${sc !== null ? ` per ${sc}` : ''} (${file})`];
  for (const o of shown) {
    lines.push(`${o.outcome} — ${o.direction === 'minimize' ? 'lower' : 'higher'} is better${o.threshold !== null ? `; threshold ${o.threshold}` : ''}:`);
    const head = [...(sc !== null ? [sc] : []), pc, 'mean', ...(o.threshold !== null ? ['meets threshold'] : []), 'regret mean', 'regret max'];
    const rows: string[][] = [head];
    const verdicts: string[] = [];
    for (const region of regions) {
      const own = r.table.rows.filter((row) => row.outcome === o.outcome && (sc === null || String(row[sc]) === region));
      own.forEach((row, i) =>
        rows.push([...(sc !== null ? [i === 0 ? String(region) : ''] : []), String(row[pc]), fmt(num(row.mean)), ...(o.threshold !== null ? [pct(num(row.satisficing))] : []), fmt(num(row.regret_mean)), fmt(num(row.regret_max))]),
      );
      const robust = best(own, 'regret_max', false, 'regret_mean');
      const where = region !== null ? ` in ${region}` : '';
      if (robust.length === 0) {
        verdicts.push(`most robust${where}: – (no future where every policy has a value)`);
        continue;
      }
      let verdict = `most robust${where}: ${names(robust)} (least maximum regret, ${fmt(num(robust[0].regret_max))})`;
      if (o.threshold !== null) {
        const meets = best(own, 'satisficing', true);
        if (meets.length > 0) verdict += `; meets ${o.threshold} most often: ${names(meets)} (${pct(num(meets[0].satisficing))} of futures)`;
      }
      verdicts.push(verdict);
    }
    lines.push(...textTable(rows, '  ', sc !== null ? 2 : 1), ...verdicts.map((v) => `  → ${v}`));
  }
  const thresholded = r.outcomes.filter((o) => o.threshold !== null);
  if (thresholded.length > 1 && r.satisficingAll.rows.length > 0) {
    lines.push(`every threshold at once (${thresholded.map((o) => `${o.outcome} ${o.threshold}`).join(', ')}): share of futures`);
    const rows: string[][] = [[...(sc !== null ? [sc] : []), 'most often', ...r.policies]];
    for (const region of regions) {
      const own = r.satisficingAll.rows.filter((row) => sc === null || String(row[sc]) === region);
      const byPolicy = new Map(own.map((row) => [String(row[pc]), row]));
      const top = best(own, 'satisficing_all', true);
      rows.push([...(sc !== null ? [String(region)] : []), top.length > 0 ? names(top) : '–', ...r.policies.map((p) => pct(num(byPolicy.get(p)?.satisficing_all)))]);
    }
    lines.push(...textTable(rows, '  ', sc !== null ? 2 : 1));
  }
  lines.push('regret: in each future, how far a policy falls short of the best policy there, in the outcome’s units; most robust = least maximum regret (minimax regret), ties by mean regret');
  return lines;
}
