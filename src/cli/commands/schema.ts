/** `govbuy schema`: the scenario file's JSON Schema, generated from the zod schema. */
import { z } from 'zod';
import type { Argv } from 'yargs';
import { scenarioSchema } from '../../scenario/schema.ts';
import { stableJson } from '../../io/formats.ts';
import type { Io } from '../context.ts';

export const SCHEMA_ID = 'urn:govbuy:scenario';

export function builder(y: Argv): Argv {
  return y.example('$0 schema > scenario.schema.json', '');
}

export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(scenarioSchema, { io: 'input' }) as Record<string, unknown>;
  return {
    $schema,
    $id: SCHEMA_ID,
    title: 'govbuy scenario',
    description: 'A govbuy scenario file (YAML or JSON). Every field is optional; omitted fields take the defaults given here.',
    ...rest,
  };
}

export async function handler(_args: Record<string, unknown>, io: Io): Promise<number> {
  io.out(stableJson(scenarioJsonSchema()));
  return 0;
}
