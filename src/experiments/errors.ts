/**
 * Errors of experiment files and sweep folders. They are GovbuyErrors, so the CLI prints them
 * with their details and exits with code 2 (bad input, nothing written). Pure.
 */
import { GovbuyError, type GovbuyErrorCode } from '../engine/errors.ts';

export type ExperimentErrorCode =
  /** The experiment file cannot be read as YAML/JSON. */
  | 'EXPERIMENT_PARSE'
  /** The experiment file is readable but wrong (schema, design, factor values that break the scenario). */
  | 'EXPERIMENT_INVALID'
  /** A results folder that cannot be resumed, merged or analysed as asked. */
  | 'SWEEP_STATE';

/**
 * An experiment or sweep problem. `code` is one of ExperimentErrorCode; it is typed as a
 * GovbuyErrorCode only because src/engine/errors.ts's union does not list these codes yet.
 */
export class ExperimentError extends GovbuyError {
  constructor(code: ExperimentErrorCode, message: string, details: string[] = []) {
    super(code as unknown as GovbuyErrorCode, message, details);
    this.name = 'ExperimentError';
  }
}
