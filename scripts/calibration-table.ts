/**
 * The Xitun results tables of docs/calibration.md, rendered from a calibration.json so they are
 * never typed by hand:
 *
 *   npx govbuy calibrate scenarios/chifeng-xitun.yaml --targets scenarios/targets/chifeng-xitun.targets.yaml --out results/xitun-calibration
 *   node --import tsx scripts/calibration-table.ts results/xitun-calibration/calibration.json          # print
 *   node --import tsx scripts/calibration-table.ts results/xitun-calibration/calibration.json --write  # update docs/calibration.md
 *
 * With --write, the text between the BEGIN/END markers in docs/calibration.md is replaced.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { CalibrationJson } from '../src/calibration/results.ts';

export const BEGIN = '<!-- BEGIN GENERATED CALIBRATION RESULTS -->';
export const END = '<!-- END GENERATED CALIBRATION RESULTS -->';

function f(x: number | null | undefined, integer = false): string {
  if (x === null || x === undefined) return '–';
  if (integer) return String(Math.round(x));
  return String(Number(x.toPrecision(3)));
}

export function resultsMarkdown(j: CalibrationJson): string {
  const last = j.tolerances[j.tolerances.length - 1];
  const schedule = j.tolerances.map((t) => (t.epsilon === null ? '∞' : t.epsilon.toFixed(2))).join(' → ');
  const lines = [
    `${j.runs.fit.toLocaleString('en-US')} runs for the fit in ${j.tolerances.length} ${j.tolerances.length === 1 ? 'generation' : 'generations'} (stopped: ${j.stopReason}), plus ${j.runs.check} check runs. ` +
      `Tolerance schedule: ${schedule}; the last generation accepted ${(100 * last.acceptanceRate).toFixed(0)}% of its ${last.proposals} draws (ESS ${last.ess.toFixed(0)}). ` +
      `Code ${j.codeVersion.package} (${j.codeVersion.git}${j.codeVersion.dirty ? ', with uncommitted changes' : ''}), calibration seed ${j.settings.seed}.`,
    '',
    '| parameter | prior | was | posterior median | 90% credible interval | MAP particle |',
    '| --- | --- | --- | --- | --- | --- |',
    ...j.parameters.map((p) => {
      const ci = p.posterior.credibleInterval;
      return `| \`${p.path}\` | ${f(p.prior.lo)}–${f(p.prior.hi)}${p.prior.log ? ' (log)' : ''} | ${f(p.scenarioValue)} | ${f(p.fitted, p.integer)} | ${f(ci.lower, p.integer)}–${f(ci.upper, p.integer)} | ${f(p.posterior.map, p.integer)} |`;
    }),
    '',
    `| target | observed | at the median: mean ± sd (${j.settings.checkSeeds} runs) | standardized error | within | at the MAP particle |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...j.targets.map((t) => {
      const m = t.posteriorMedian;
      const u = t.sd !== undefined ? `± ${f(t.sd)} sd` : `± ${f(t.tolerance)}`;
      const z = m.standardizedError === null ? '–' : `${m.standardizedError >= 0 ? '+' : ''}${m.standardizedError.toFixed(2)}`;
      return `| ${t.name}${t.fit ? '' : ' (check only)'} | ${f(t.value)} ${u} | ${f(m.mean)} ± ${f(m.sd)} | ${z} | ${m.withinTolerance ? 'yes' : 'no'} | ${f(t.map.mean)} (${t.map.withinTolerance ? 'yes' : 'no'}) |`;
    }),
    '',
    `Distance of the check means: ${f(j.checkPoints.posteriorMedian.distance)} at the median, ${f(j.checkPoints.posteriorMean.distance)} at the mean, ${f(j.checkPoints.map.distance)} at the MAP particle. ` +
      `Wall time ${(j.timings.wallMs / 1000).toFixed(0)} s.`,
  ];
  return lines.join('\n');
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) {
  const [file, flag] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node --import tsx scripts/calibration-table.ts <calibration.json> [--write]');
    process.exit(2);
  }
  const md = resultsMarkdown(JSON.parse(readFileSync(file, 'utf8')) as CalibrationJson);
  if (flag !== '--write') console.log(md);
  else {
    const doc = 'docs/calibration.md';
    const text = readFileSync(doc, 'utf8');
    const a = text.indexOf(BEGIN);
    const b = text.indexOf(END);
    if (a < 0 || b < a) throw new Error(`${doc} lacks the ${BEGIN} … ${END} markers`);
    writeFileSync(doc, `${text.slice(0, a + BEGIN.length)}\n${md}\n${text.slice(b)}`);
    console.log(`updated ${doc}`);
  }
}
