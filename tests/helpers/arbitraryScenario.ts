/**
 * fast-check arbitraries for valid scenarios, drawn from the scenario schema itself (its JSON
 * Schema: types, bounds, enums, and the plausible `range` of each assumption), so new parameters
 * are covered without touching this file. Sizes are kept small so a property run stays quick;
 * extreme-but-valid values for the rest are drawn too.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { scenarioSchema } from '../../src/scenario/schema.ts';

type Json = Record<string, any>;

/** Caps on a few fields so each generated run takes milliseconds. */
const CAPS: Record<string, [number, number]> = {
  'region.population': [0, 20000],
  'region.peoplePerAgent': [1, 50],
  'region.districts': [1, 2],
  'region.streetsPerDistrict': [1, 3],
  'region.communitiesPerStreet': [1, 6],
  years: [1, 4],
  'policies.incubator.slots': [0, 30],
  'organizations.initial.count': [0, 40],
  'policies.seedFund.packageProjects': [0, 50],
};

function leaf(schema: Json, path: string): fc.Arbitrary<unknown> | null {
  if (schema.anyOf) {
    const options = (schema.anyOf as Json[]).map((s) => leaf(s, path)).filter((a): a is fc.Arbitrary<unknown> => a !== null);
    return options.length > 0 ? fc.oneof(...options) : null;
  }
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.type === 'null') return fc.constant(null);
  if (schema.type === 'boolean') return fc.boolean();
  if (schema.type === 'number' || schema.type === 'integer') {
    const integer = schema.type === 'integer';
    let lo: number = schema.minimum ?? schema.exclusiveMinimum ?? 0;
    let hi: number = schema.maximum ?? schema.exclusiveMaximum ?? lo + 1000;
    const cap = CAPS[path];
    if (cap) [lo, hi] = [Math.max(lo, cap[0]), Math.min(hi, cap[1])];
    else if (hi - lo > 1e4) hi = lo + 10 * Math.max(1, Math.abs(Number(schema.default ?? 1))) + 10;
    const range: [number, number] | undefined = schema.range;
    const full = integer ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
    if (!range || cap) return full;
    const [a, b] = [Math.max(lo, range[0]), Math.min(hi, range[1])];
    const plausible = integer ? fc.integer({ min: Math.ceil(a), max: Math.max(Math.ceil(a), Math.floor(b)) }) : fc.double({ min: a, max: b, noNaN: true, noDefaultInfinity: true });
    return fc.oneof({ arbitrary: plausible, weight: 4 }, { arbitrary: full, weight: 1 });
  }
  return null;
}

function node(schema: Json, path: string): fc.Arbitrary<unknown> | null {
  if (schema.type === 'object' && schema.properties) {
    const entries: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, sub] of Object.entries(schema.properties as Record<string, Json>)) {
      if (path === '' && (key === 'schedule' || key === 'seed')) continue;
      const a = node(sub, path ? `${path}.${key}` : key);
      if (a) entries[key] = a;
    }
    return fc.record(entries, { requiredKeys: [] });
  }
  if (schema.type === 'array' && schema.items) {
    if (path === 'organizations.initial') return fc.array(node(schema.items, path)!, { maxLength: 3 });
    if (schema.items.enum) return fc.uniqueArray(fc.constantFrom(...(schema.items.enum as unknown[])), { minLength: schema.minItems ?? 0 });
    return null;
  }
  return leaf(schema, path);
}

const jsonSchema = z.toJSONSchema(scenarioSchema, { io: 'input' }) as Json;

/** Raw scenario objects (as a user would write them) that the schema accepts. */
export const arbitraryScenarioInput: fc.Arbitrary<Json> = (node(jsonSchema, '') as fc.Arbitrary<Json>).filter(
  (raw) => scenarioSchema.safeParse(raw).success,
);

/** A schedule of up to two policy changes, valid by construction. */
export const arbitrarySchedule = fc.array(
  fc.record({
    year: fc.integer({ min: 0, max: 3 }),
    set: fc.oneof(
      fc.record({ 'policies.payments.advanceShare': fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ 'policies.compensation.enabled': fc.boolean() }),
      fc.record({ 'policies.bidding.method': fc.constantFrom('openTender', 'invitedTender', 'competitiveNegotiation', 'singleSource', 'directGrant') }),
      fc.record({ 'governments.street.purchaseShare': fc.double({ min: 0, max: 0.2, noNaN: true }) }),
    ),
  }),
  { maxLength: 2 },
);
