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

/** A share or probability in [0, 1]. */
export function share(def: number, d: ParamDoc) {
  return z.number().min(0).max(1).default(def).meta(meta(d));
}

/** A real number in [min, max] (money, rates, multipliers); non-negative by default. */
export function amount(def: number, d: ParamDoc, max = 1e12, min = 0) {
  return z.number().min(min).max(max).default(def).meta(meta(d));
}

/** A whole number (counts, months) in [min, max]. */
export function count(def: number, d: ParamDoc, max = 1e9, min = 0) {
  return z.number().int().min(min).max(max).default(def).meta(meta(d));
}

/** A year offset within the run: 0 = the first year of the run. */
export function fromYear(def = 0) {
  return z
    .number()
    .int()
    .min(0)
    .max(200)
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
