/**
 * Field builders that attach documentation to every parameter: what it means, where the value
 * comes from (a seed file, an outside source, or "assumption") and, for assumptions, a plausible
 * range that sweeps may vary. docs/ODD.md's parameter tables are generated from this metadata.
 */
import { z } from 'zod';

export interface ParamDoc {
  /** What the parameter means, in one sentence. */
  doc: string;
  /** Where the default comes from: a seed file and place ("003: Xitun 2016") or "assumption". */
  source?: string;
  /** Plausible range for an assumption, for sweeps and sensitivity analysis. */
  range?: [number, number];
}

function meta(d: ParamDoc) {
  return { description: d.doc, source: d.source ?? 'assumption', ...(d.range ? { range: d.range } : {}) };
}

/**
 * The bounded numbers parameters are made of, one schema for each kind and pair of bounds,
 * shared by every parameter with those bounds: zod schemas never change once made, and each
 * builder call makes a new object (with its internals), so sharing them saves building and keeping
 * most of a thousand objects every time a command starts (docs/performance.md, "Start-up").
 */
const boundedNumbers = new Map<string, z.ZodNumber>();
function bounded(kind: 'real' | 'whole', min: number, max: number): z.ZodNumber {
  const key = `${kind} ${min} ${max}`;
  let schema = boundedNumbers.get(key);
  if (schema === undefined) {
    schema = (kind === 'whole' ? z.number().int() : z.number()).min(min).max(max);
    boundedNumbers.set(key, schema);
  }
  return schema;
}

/** A share or probability in [0, 1]. */
export function share(def: number, d: ParamDoc) {
  return bounded('real', 0, 1).default(def).meta(meta(d));
}

/** A real number in [min, max] (money, rates, multipliers); non-negative by default. */
export function amount(def: number, d: ParamDoc, max = 1e12, min = 0) {
  return bounded('real', min, max).default(def).meta(meta(d));
}

/** A whole number (counts, months) in [min, max]. */
export function count(def: number, d: ParamDoc, max = 1e9, min = 0) {
  return bounded('whole', min, max).default(def).meta(meta(d));
}

/** A year offset within the run: 0 = the first year of the run. */
export function fromYear(def = 0) {
  return bounded('whole', 0, 200)
    .default(def)
    .meta(meta({ doc: 'Run year from which the lever acts (0 = from the start of the run).' }));
}

/** An enumerated choice. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, def: T[number], d: ParamDoc) {
  return z.enum(values).default(def as never).meta(meta(d));
}

export function flag(def: boolean, d: ParamDoc) {
  return z.boolean().default(def).meta(meta(d));
}
