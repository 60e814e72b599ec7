/** `govbuy experiment-schema`: the JSON Schema of experiment files, generated from the zod schema. */
import type { Argv } from 'yargs';
import { experimentJsonSchema } from '../../experiments/schema.ts';
import { stableJson } from '../../io/formats.ts';
import type { Io } from '../context.ts';

export function builder(y: Argv): Argv {
  return y.example('$0 experiment-schema > experiment.schema.json', '');
}

export async function handler(_args: Record<string, unknown>, io: Io): Promise<number> {
  io.out(stableJson(experimentJsonSchema()));
  return 0;
}
