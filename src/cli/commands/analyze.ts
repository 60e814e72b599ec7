/** `govbuy analyze <folder>`: means and CIs per design point, effects, and sensitivity indices of a finished sweep. */
import type { Argv } from 'yargs';
import { analyzeFolder } from '../../experiments/analyzeFolder.ts';
import { analysisAnswer } from '../analysisAnswer.ts';
import { OPERATOR, parseThreshold, type Threshold } from '../../experiments/thresholds.ts';
import { count, list, renamedOption, UsageError, wholeNumber, type Io } from '../context.ts';

export function builder(y: Argv): Argv {
  return y
    .positional('folder', { type: 'string', describe: 'A sweep results folder (from govbuy sweep or govbuy merge)' })
    .option('outcomes', { type: 'string', array: true, requiresArg: true, describe: 'Outcomes to analyse (default: the experiment’s analysis.outcomes), comma-separated or repeated' })
    .option('outputs', { type: 'string', array: true, requiresArg: true, hidden: true, describe: 'Old name of --outcomes' })
    .option('bootstrap', { type: 'number', requiresArg: true, describe: 'Bootstrap resamples for sensitivity intervals (default: the experiment’s analysis.bootstrap)' })
    .option('threshold', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'Policies × futures: a satisficing threshold "OUTCOME OP VALUE" (OP one of < <= > >=) that replaces the experiment’s analysis.thresholds for that outcome; repeatable',
    })
    .example('$0 analyze results/sensitivity --outcomes final.orgs_active,exits_by_cause.insolvency', '')
    .example('$0 analyze results/robust-payments --threshold "exits_by_cause.insolvency <= 3"', '');
}

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const folder = String(args.folder);
  const metrics = list(renamedOption(args, io, 'outcomes', 'outputs')).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  const bootstrap = wholeNumber('bootstrap', args.bootstrap, 100_000, { min: 10, why: 'as in an experiment file' });
  const thresholds: Record<string, Threshold> = {};
  for (const text of list(args.threshold)) {
    const m = new RegExp(`^\\s*([^<>=≤≥\\s]+)\\s*(${OPERATOR}.*)$`).exec(text);
    const t = m ? parseThreshold(m[2]) : null;
    if (!m || !t) throw new UsageError(`--threshold takes "OUTCOME OP VALUE", e.g. "exits_by_cause.insolvency <= 3"; got ${JSON.stringify(text)}`);
    thresholds[m[1]] = t;
  }
  const r = await analyzeFolder(folder, { metrics, ...(bootstrap !== undefined ? { bootstrap } : {}), ...(Object.keys(thresholds).length > 0 ? { thresholds } : {}) });
  const a = r.analysis;
  io.out(`${a.experiment}: ${count(a.runs.total, 'run')} (${a.runs.failed} failed), ${count(a.metrics.length, 'outcome')}, ${a.design.type} design\nwrote ${r.out}/ ${r.files.join(', ')}\n`);
  // The answer on the screen: the outcomes asked, each factor's effect, then every other clear one.
  // Policies × futures: which policy holds up comes first (robustness.csv), what drives the outcomes second.
  io.out(`\n${analysisAnswer(a, r.experiment, metrics, { ...(r.robustness ? { robustness: r.robustness } : {}), out: r.out }).join('\n')}\n`);
  return 0;
}
