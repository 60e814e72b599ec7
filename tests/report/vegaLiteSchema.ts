/** A validator of Vega-Lite specs against the JSON Schema vega-lite ships (node_modules/vega-lite/build/vega-lite-schema.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { ROOT } from '../helpers/scenario.ts';

let cached: ValidateFunction | null = null;

export function vegaLiteValidator(): ValidateFunction {
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vega-lite', 'build', 'vega-lite-schema.json'), 'utf8'));
  // The schema is draft-07 and uses a few keywords of its own; strict mode would reject them.
  const ajv = new Ajv({ strict: false, allErrors: false });
  cached = ajv.compile(schema);
  return cached;
}
