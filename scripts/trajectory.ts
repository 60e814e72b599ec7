// Development aid: print a run's yearly trajectory.  node --import tsx scripts/trajectory.ts [scenario] [seed] [path=value …]
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { scenarioSchema } from '../src/scenario/schema.ts';
import { simulate } from '../src/model/run.ts';
const file = process.argv[2] ?? 'scenarios/chifeng-xitun.yaml';
const raw = YAML.parse(readFileSync(file, 'utf8'));
for (const kv of process.argv.slice(4)) { const [k, v] = kv.split('='); let n: any = raw; const ps = k.split('.'); for (const p of ps.slice(0, -1)) n = n[p] ??= {}; n[ps.at(-1)!] = YAML.parse(v); }
const sc = scenarioSchema.parse(raw);
const t = Date.now();
const r = simulate(sc, Number(process.argv[3] ?? 1));
console.log('ms', Date.now() - t);
const cols = ['year','orgs_active','orgs_registered','orgs_filed','self_orgs','tenders','bidders_per_tender','failed_tenders','trust_in_orgs','needs_met_share','service_quality','satisfaction','resistance_mean','purchase_share_of_budget','insider_contract_share','professional_staff','cost_ratio_vs_inhouse'] as const;
console.log(cols.map((c) => c.slice(0, 9).padStart(9)).join(' '));
for (const row of r.series.filter((_, i) => i % 12 === 6)) console.log(cols.map((c) => (+row[c].toFixed(3)).toString().padStart(9)).join(' '));
console.log(JSON.stringify(r.summary.exits_by_cause), 'fym', r.summary.survival.first_year_mortality);
