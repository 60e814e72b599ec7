/**
 * Kaplan–Meier survival of organizations: time from founding (months) to exit, censored at the
 * end of the run for those still alive.
 */
export interface Spell {
  /** Months observed. */
  duration: number;
  /** true = exited (event), false = still alive at the end (censored). */
  event: boolean;
}

export interface SurvivalPoint {
  month: number;
  survival: number;
  atRisk: number;
  events: number;
}

export interface SurvivalCurve {
  n: number;
  events: number;
  /** Step function: survival just after each month with events. */
  curve: SurvivalPoint[];
  /** S(t) at 12, 24, 36, 60 and 120 months (null past the last observation). */
  at: Record<'m12' | 'm24' | 'm36' | 'm60' | 'm120', number | null>;
  /** First month S(t) ≤ 0.5 (null if never). */
  medianMonths: number | null;
}

export function kaplanMeier(spells: readonly Spell[]): SurvivalCurve {
  const byTime = new Map<number, { events: number; removed: number }>();
  let maxTime = 0;
  for (const s of spells) {
    const e = byTime.get(s.duration) ?? { events: 0, removed: 0 };
    e.removed++;
    if (s.event) e.events++;
    byTime.set(s.duration, e);
    maxTime = Math.max(maxTime, s.duration);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  let atRisk = spells.length;
  let survival = 1;
  const curve: SurvivalPoint[] = [];
  let events = 0;
  for (const t of times) {
    const e = byTime.get(t)!;
    if (e.events > 0) {
      survival *= 1 - e.events / atRisk;
      curve.push({ month: t, survival, atRisk, events: e.events });
      events += e.events;
    }
    atRisk -= e.removed;
  }
  const at = (m: number): number | null => {
    if (spells.length === 0 || m > maxTime) return null;
    let s = 1;
    for (const p of curve) if (p.month <= m) s = p.survival;
    return s;
  };
  const median = curve.find((p) => p.survival <= 0.5);
  return {
    n: spells.length,
    events,
    curve,
    at: { m12: at(12), m24: at(24), m36: at(36), m60: at(60), m120: at(120) },
    medianMonths: median ? median.month : null,
  };
}
