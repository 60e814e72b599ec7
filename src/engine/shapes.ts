/**
 * Two rules that keep V8 (the JavaScript engine of Node and of Chromium) from throwing away the
 * machine code it optimized for the model. Neither changes a value; both change only how objects
 * are laid out in memory, and so how much compiling a run pays for (docs/performance.md,
 * "Warm-up").
 *
 * 1. Objects made once per run (the World, its residents, trust map, labour market, ledger,
 *    month's table, the districts' arrays) are class instances, built by a constructor that
 *    assigns every field, never object literals. The state classes (src/state/) assign field by
 *    field (`this.x = fields.x`), a line per field: one Object.assign over `declare`d fields
 *    kept the same optimizations but made warm runs about 5% slower (Xitun, ten alternating
 *    processes each: 56 against 53 ms), so the lines stay. V8 creates a literal's second copy by cloning
 *    a template and then storing the computed fields into it; that store tells V8 the fields are
 *    not constant after all, and every function optimized on the assumption that they were is
 *    thrown away. For these objects the second copy is the second run's world: without the
 *    constructors, some 30 optimized functions (about half a second of compiling) were thrown
 *    away at the start of every process's and every sweep worker's second run.
 *
 * 2. Number fields that will hold fractions are stored as doubles from the start (below). V8
 *    keeps a number field as a small integer until a fraction is first written to it; that write
 *    gives the object and all made after it a new hidden class, and the code optimized for the
 *    old one is thrown away, partway through the first run.
 *
 * 3. Whole-number fields computed from a scenario (the World's month count, its people per
 *    agent…) are stored as small integers (asSmallInteger, below). A scenario number comes back
 *    from its object as a heap number, even when it is whole, once V8 holds that field as a
 *    double — as it does after any scenario object of the same layout held a fraction there (a
 *    sweep's design points differ in exactly such values). Stored as it is, such a number gives
 *    the World a new hidden class in the first run of the next design point, and the code of the
 *    summary, contracts and survival curves is thrown away.
 */

/** The keys of T whose values are numbers. */
export type NumberKey<T> = { [K in keyof T]-?: T[K] extends number ? K : never }[keyof T] & string;

/** `target` with each of `fields` stored as a double from now on; values unchanged. Returns `target`. */
export function startAsDoubles<T extends object>(target: T, fields: readonly NumberKey<T>[]): T {
  const record = target as unknown as Record<string, number>;
  for (const field of fields) {
    const value = record[field];
    record[field] = 0.5; // any fraction: the field becomes a double
    record[field] = value;
  }
  return target;
}

/** `target` with every number field stored as a double (for objects of money only, like the ledger). */
export function allAsDoubles<T extends object>(target: T): T {
  const record = target as unknown as Record<string, unknown>;
  return startAsDoubles(target, Object.keys(record).filter((k) => typeof record[k] === 'number') as NumberKey<T>[]);
}

/** `n` as V8's small integer when it is a whole number in that range (value unchanged); any other number as it is. */
export function asSmallInteger(n: number): number {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 30 ? n | 0 : n;
}
