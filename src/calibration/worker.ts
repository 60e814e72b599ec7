/**
 * The piscina worker of a calibration: evaluates one proposal per task with the same pure
 * evaluateProposal as the in-process loop. The calibration model (base scenario, free
 * parameters, targets, seeds) arrives once, as workerData.
 */
import { Piscina } from 'piscina';
import type { Proposal } from './abc.ts';
import { evaluateProposal, type CalibrationModel } from './simulator.ts';

const model = Piscina.workerData as CalibrationModel;

export default function evaluate(proposal: Proposal): number {
  return evaluateProposal(model, proposal.theta, proposal.index);
}
