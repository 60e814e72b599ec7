/**
 * Evaluation of delivered services: by a third party or by the buyer itself. How it acts: at
 * the end of each contract the evaluator observes the quality delivered with noise; the score
 * becomes the provider's reputation, which weighs in the next tender (Shenzhen: past evaluation
 * 70%, 004). A buyer that evaluates its own purchases sees less precisely and, when incumbents
 * resist, rates insiders (官办 organizations) up, so contracts drift to them (004, risk 5).
 * Poor scores end the contract; repeated failures close the organization.
 */
import { z } from 'zod';
import { amount, choice, count, fromYear, share } from '../scenario/param.ts';

export const evaluationSchema = z.strictObject({
  fromYear: fromYear(),
  mode: choice(['self', 'thirdParty'] as const, 'self', {
    doc: 'Who evaluates: the buyer itself or an independent third party.',
    source: '004, risk 5 (buyer as evaluator)',
  }),
  thirdPartyNoise: amount(0.08, { doc: 'Standard deviation of a third-party evaluation score.', range: [0.02, 0.2] }, 1),
  selfNoise: amount(0.2, { doc: 'Standard deviation of a self-evaluation score.', range: [0.1, 0.4] }, 1),
  insiderBias: amount(0.25, {
    doc: 'Score bonus a self-evaluating buyer gives insiders, scaled by incumbents’ resistance.',
    range: [0, 0.5],
  }, 1),
  reputationWeight: share(0.7, { doc: 'Weight of the latest evaluation score in a provider’s reputation (the rest is its earlier reputation).', range: [0.4, 1] }),
  renewThreshold: share(0.5, { doc: 'Score needed to renew a contract or pass a pilot.', range: [0.4, 0.7] }),
  failThreshold: share(0.3, { doc: 'Score below which an evaluation counts as failed.', range: [0.2, 0.4] }),
  closeAfterFailures: count(2, {
    doc: 'Failed evaluations after which the government closes (deregisters) the organization.',
    range: [1, 4],
  }, 20),
});
export type EvaluationPolicy = z.output<typeof evaluationSchema>;

/**
 * Score an organization's delivered quality. `insiderPull` (0–1) is how hard incumbents push
 * for their own (resistance × lack of transparency); it only biases self-evaluation.
 */
export function evaluationScore(
  quality: number,
  isInsider: boolean,
  insiderPull: number,
  p: EvaluationPolicy,
  normal: () => number,
): number {
  const selfEvaluated = p.mode === 'self';
  const noise = (selfEvaluated ? p.selfNoise : p.thirdPartyNoise) * normal();
  const bias = selfEvaluated && isInsider ? p.insiderBias * insiderPull : 0;
  return Math.min(1, Math.max(0, quality + noise + bias));
}
