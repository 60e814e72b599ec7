/** Herfindahl–Hirschman index of shares (0–1; 1 = one provider holds everything, 0 = none). */
export function hhi(values: Iterable<number>): number {
  let total = 0;
  const list: number[] = [];
  for (const v of values) {
    if (v > 0) {
      list.push(v);
      total += v;
    }
  }
  if (total <= 0) return 0;
  let sum = 0;
  for (const v of list) sum += (v / total) * (v / total);
  return sum;
}
