/**
 * Errors with stable codes. The core throws these; only the CLI turns them into an exit code
 * and a message, so a library user can catch them by code.
 */
export type GovbuyErrorCode =
  | 'SCENARIO_INVALID'
  | 'SCENARIO_PARSE'
  | 'FILE_UNREADABLE'
  | 'SET_INVALID'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_UNWRITABLE'
  | 'OUTPUT_LOCKED'
  | 'RESULTS_INVALID'
  | 'RESULTS_UNSUPPORTED'
  | 'MODEL_INVARIANT'
  | 'CHECKPOINT_INVALID'
  | 'EXPERIMENT_PARSE'
  | 'EXPERIMENT_INVALID'
  | 'SWEEP_STATE';

export class GovbuyError extends Error {
  constructor(
    readonly code: GovbuyErrorCode,
    message: string,
    /** Lines a person reads to fix the input, one problem per line. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'GovbuyError';
  }
  /** The full message as the CLI prints it. */
  describe(): string {
    return [this.message, ...this.details.map((d) => `  ✖ ${d}`)].join('\n');
  }
}
