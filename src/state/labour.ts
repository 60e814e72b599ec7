/**
 * The regional labour market of professional social workers: one slot per worker, in typed
 * arrays (behaviour in agents/socialWorker.ts). A worker is employed by a provider (its id), or
 * in the pool looking for work, or gone from the sector (its slot is free for reuse). Each
 * provider lists its workers (Organization.workers); `position` is a worker's index in that list
 * or in the pool, so hiring, quitting and layoffs are O(1).
 */
export const IN_POOL = -1;
export const GONE = -2;

export class LabourMarket {
  /** Slots in use or free (the arrays below may be longer). */
  slots: number;
  /** Employer's organization id, IN_POOL or GONE. */
  employer: Int32Array;
  /** Years of experience in the sector. */
  experience: Float32Array;
  /** Month hired by the current employer (-1 in the pool). */
  hiredMonth: Int32Array;
  /** Index in the employer's worker list, or in `pool`. */
  position: Int32Array;
  /** Workers looking for work, entries [0, poolCount). */
  pool: Int32Array;
  poolCount: number;
  /** Free slots (workers who left the sector), entries [0, freeCount). */
  free: Int32Array;
  freeCount: number;
  /** Workers employed by any provider. */
  employed: number;
  /** Mean monthly pay of employed workers last month (yuan; the market's going rate). */
  meanWage: number;
  /** Hires per month of the run, and how many of them quit within 12 months (for first-year quits). */
  readonly hiresByMonth: Int32Array;
  readonly earlyQuitsByHireMonth: Int32Array;
  /** Completed spells with an employer that ended by a quit: count and total months. */
  quitSpells: number;
  quitSpellMonths: number;

  /** Copies every field: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: LabourMarket) {
    this.slots = fields.slots;
    this.employer = fields.employer;
    this.experience = fields.experience;
    this.hiredMonth = fields.hiredMonth;
    this.position = fields.position;
    this.pool = fields.pool;
    this.poolCount = fields.poolCount;
    this.free = fields.free;
    this.freeCount = fields.freeCount;
    this.employed = fields.employed;
    this.meanWage = fields.meanWage;
    this.hiresByMonth = fields.hiresByMonth;
    this.earlyQuitsByHireMonth = fields.earlyQuitsByHireMonth;
    this.quitSpells = fields.quitSpells;
    this.quitSpellMonths = fields.quitSpellMonths;
  }
}
