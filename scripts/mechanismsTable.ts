/**
 * What each mechanism of the model contributes (docs/mechanisms.md, "What each mechanism
 * does"): every knock-out of src/model/mechanisms.ts on three places, run by the command users
 * run — `govbuy compare PLACE --knock-out all` — and read back from its compare.json. For each
 * place: a table of the paired differences each knock-out makes in the headline outcomes, and,
 * outcome by outcome, the mechanisms that move it most. Run by `npm run docs -- --only mechanisms`
 * (about five minutes on 2 cores).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MECHANISMS } from '../src/model/mechanisms.ts';
import { formatOutcome, outcomeLabel } from '../src/report/outcomeText.ts';
import type { CompareDifference as Difference, CompareStat } from '../src/report/results.ts';

/** The places, with the seeds and years of their comparison (Xitun as the mechanism test runs it). */
export const MECHANISM_PLACES: readonly { place: string; seeds: number; years?: number }[] = [
  { place: 'chifeng-xitun', seeds: 20, years: 10 },
  { place: 'guangzhou', seeds: 10 },
  { place: 'hong-kong', seeds: 10 },
];

/** The outcomes of the tables: market, survival, service, trust, resistance, governments. */
export const MECHANISM_OUTCOMES = [
  'final.orgs_active',
  'totals.org_exits',
  'mean_bidders_per_tender',
  'final.service_quality',
  'totals.mean_needs_met_share',
  'mean_trust_in_orgs',
  'totals.complaints',
  'mean_resistance',
  'mean_insider_contract_share',
  'final.political_will',
] as const;

/** Short column heads for the wide table (the full labels are in the per-outcome list). */
const HEADS: Record<(typeof MECHANISM_OUTCOMES)[number], string> = {
  'final.orgs_active': 'organizations (end)',
  'totals.org_exits': 'exits',
  mean_bidders_per_tender: 'bidders per tender',
  'final.service_quality': 'quality (end)',
  'totals.mean_needs_met_share': 'needs met',
  mean_trust_in_orgs: 'trust',
  'totals.complaints': 'complaints',
  mean_resistance: 'resistance',
  mean_insider_contract_share: 'insiders’ share',
  'final.political_will': 'will (end)',
};

/** compare.json as `govbuy compare` writes it. */
interface CompareJson {
  reference: string;
  outcomes: CompareStat[];
  differences: Difference[];
}


/** A cell: the paired difference, bold when its 95% interval excludes 0; "0" where the knock-out changed nothing. */
function cell(d: Difference | undefined): string {
  if (!d || d.mean === null) return '–';
  if (d.mean === 0 && d.lo === 0 && d.hi === 0) return '0';
  const text = formatOutcome('en', d.outcome, d.mean, true);
  return d.clear ? `**${text}**` : text;
}

/** Run one place's knock-outs and read what they did. */
function comparePlace(root: string, p: (typeof MECHANISM_PLACES)[number], log: (line: string) => void): CompareJson {
  const out = join('results', 'docs-mechanisms', p.place);
  const args = ['bin/govbuy.js', 'compare', p.place, '--knock-out', 'all', '--seeds', String(p.seeds), ...(p.years ? ['--years', String(p.years)] : []), '--out', out, '--force'];
  log(`mechanisms: govbuy ${args.slice(1).join(' ')}`);
  execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(readFileSync(join(root, out, 'compare.json'), 'utf8')) as CompareJson;
}

function placeSection(p: (typeof MECHANISM_PLACES)[number], c: CompareJson): string[] {
  const reference = c.reference;
  const diff = (arm: string, outcome: string) => c.differences.find((d) => d.arm === arm && d.outcome === outcome);
  const level = (outcome: string) => c.outcomes.find((s) => s.arm === reference && s.outcome === outcome)?.mean ?? null;
  const lines = [
    `### ${reference}`,
    '',
    `\`govbuy compare ${p.place} --knock-out all --seeds ${p.seeds}${p.years ? ` --years ${p.years}` : ''}\`: the paired difference each knock-out makes, over seeds 1–${p.seeds}; **bold**: its 95% interval excludes 0.`,
    '',
    `| without | ${MECHANISM_OUTCOMES.map((o) => HEADS[o]).join(' | ')} |`,
    `| --- | ${MECHANISM_OUTCOMES.map(() => '---:').join(' | ')} |`,
    `| _${reference} as it is_ | ${MECHANISM_OUTCOMES.map((o) => (level(o) === null ? '–' : `_${formatOutcome('en', o, level(o))}_`)).join(' | ')} |`,
    ...MECHANISMS.map((m) => `| ${m.id} | ${MECHANISM_OUTCOMES.map((o) => cell(diff(`${reference}:no-${m.id}`, o))).join(' | ')} |`),
    '',
    'What moves each outcome most here (clear differences, largest first, at most three):',
    '',
  ];
  for (const o of MECHANISM_OUTCOMES) {
    const movers = MECHANISMS.map((m) => ({ m, d: diff(`${reference}:no-${m.id}`, o) }))
      .filter((x): x is { m: (typeof MECHANISMS)[number]; d: Difference } => x.d !== undefined && x.d.clear && x.d.mean !== null)
      .sort((a, b) => Math.abs(b.d.mean!) - Math.abs(a.d.mean!))
      .slice(0, 3);
    const text = movers.length > 0 ? movers.map(({ m, d }) => `without ${m.id} ${formatOutcome('en', o, d.mean, true)}`).join('; ') : 'no knock-out moves it clearly';
    lines.push(`- ${outcomeLabel('en', o)}: ${text}.`);
  }
  lines.push('');
  return lines;
}

/** The catalogue: every mechanism, what its knock-out sets, and what tests/model/mechanisms.test.ts checks it does on Xitun. */
function catalogue(): string[] {
  const claim = (m: (typeof MECHANISMS)[number]) =>
    m.moves.length > 0 ? m.moves.map((x) => `${x.outcome} ${x.direction > 0 ? 'higher' : 'lower'}`).join('; ') : 'none (see the note in src/model/mechanisms.ts)';
  return [
    '### The mechanisms',
    '',
    '| `--knock-out` | mechanism | ODD | what is switched off | parameters set | tested on Xitun: without it, |',
    '| --- | --- | --- | --- | --- | --- |',
    ...MECHANISMS.map((m) => `| \`${m.id}\` | ${m.name} | §${m.odd} | ${m.how} | ${Object.entries(m.switchOff).map(([k, v]) => `\`${k}=${JSON.stringify(v)}\``).join(', ')} | ${claim(m)} |`),
    '',
  ];
}

/** The generated section's body (without its provenance line). */
export function mechanismsTables(root: string, log: (line: string) => void): string {
  const sections = MECHANISM_PLACES.flatMap((p) => placeSection(p, comparePlace(root, p, log)));
  return [...catalogue(), ...sections].join('\n');
}
