/**
 * Social-work training. How it acts: each year the regional pool of professional social
 * workers grows by the trained graduates (Qingyuan's social-work classes at the technical
 * school, 001; Beijing's capacity-building projects, 004). Providers hire only from this pool,
 * so without training a growing market runs out of staff. The city pays for it from its
 * training budget line.
 */
import { z } from 'zod';
import { amount, flag, fromYear } from '../scenario/param.ts';

export const trainingSchema = z.strictObject({
  enabled: flag(false, { doc: 'Whether a training programme grows the social-worker pool.' }),
  fromYear: fromYear(),
  workersPer10kPerYear: amount(1, { doc: 'Trained social workers added per 10,000 residents a year.', range: [0.2, 3] }, 1000),
  costPerWorker: amount(10000, { doc: 'What training one social worker costs the city’s training budget line (yuan).', source: 'assumption (Qingyuan’s social-work classes, 001)', range: [3000, 30000] }),
});
export type TrainingPolicy = z.output<typeof trainingSchema>;

export function trainedWorkers(people: number, p: TrainingPolicy): number {
  return (people / 10000) * p.workersPer10kPerYear;
}
