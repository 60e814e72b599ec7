/** A validator of Vega-Lite specs against the JSON Schema vega-lite ships (node_modules/vega-lite/build/vega-lite-schema.json). */
import { readdirSync, readFileSync } from 'node:fs';
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

/** What vega-lite's JSON Schema finds wrong with a spec ("/path: message"), nothing when it is valid. */
export function schemaProblems(spec: unknown): string[] {
  const validate = vegaLiteValidator();
  if (validate(spec)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}

/** Every .vl.json file in `dir` (a report's charts/ folder) with its schema problems; [] when all are valid. */
export function chartFolderProblems(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.vl.json'))
    .flatMap((f) => schemaProblems(JSON.parse(readFileSync(join(dir, f), 'utf8'))).map((p) => `${f} ${p}`));
}
