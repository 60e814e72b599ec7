/**
 * Errors of experiment files and sweep folders. They are GovbuyErrors, so the CLI prints them
 * with their details and exits with code 2 (bad input, nothing written). Pure.
 */
import { GovbuyError } from '../engine/errors.ts';

export type ExperimentErrorCode =
  /** The experiment file cannot be read as YAML/JSON. */
  | 'EXPERIMENT_PARSE'
  /** The experiment file is readable but wrong (schema, design, factor values that break the scenario). */
  | 'EXPERIMENT_INVALID'
  /** A results folder that cannot be resumed, merged or analysed as asked. */
  | 'SWEEP_STATE';

/** An experiment or sweep problem. */
export class ExperimentError extends GovbuyError {
  constructor(code: ExperimentErrorCode, message: string, details: string[] = []) {
    super(code, message, details);
    this.name = 'ExperimentError';
  }
}
