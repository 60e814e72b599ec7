/**
 * Errors of targets files and calibration settings. They are GovbuyErrors, so the CLI prints
 * them with their details and exits with code 2 (bad input, nothing written). Pure.
 */
import { GovbuyError, type GovbuyErrorCode } from '../engine/errors.ts';

export type CalibrationErrorCode =
  /** The targets file cannot be read as YAML/JSON. */
  | 'TARGETS_PARSE'
  /** The targets file is readable but wrong (schema, unknown metric, parameter that may not be fitted, bad prior). */
  | 'TARGETS_INVALID';

/**
 * A calibration input problem. `code` is one of CalibrationErrorCode; it is typed as a
 * GovbuyErrorCode only because src/engine/errors.ts's union does not list these codes.
 */
export class CalibrationError extends GovbuyError {
  constructor(code: CalibrationErrorCode, message: string, details: string[] = []) {
    super(code as unknown as GovbuyErrorCode, message, details);
    this.name = 'CalibrationError';
  }
}
