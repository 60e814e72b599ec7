import { scenarioSchema } from '../src/scenario/schema.ts';
import { simulate } from '../src/model/run.ts';
const sc = scenarioSchema.parse({ organizations: { initial: [{ count: 5 }, { count: 40, status: 'self' }] }, policies: { incubator: { enabled: true, fromYear: 2 } } });
const t = Date.now();
const r = simulate(sc, 1);
console.log('ms', Date.now() - t);
for (const row of r.series.filter((_, i) => i % 12 === 0)) console.log(JSON.stringify(row, (k, v) => typeof v === 'number' ? +v.toFixed(3) : v));
console.log(JSON.stringify(r.summary.exits_by_cause), r.summary.survival.first_year_mortality, JSON.stringify(r.summary.totals));
