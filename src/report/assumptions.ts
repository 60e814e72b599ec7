/**
 * The assumptions behind a run: every scenario parameter with what it means, the value the run
 * used, the default, the plausible range and the source (a seed document or "assumption"),
 * from the scenario schema's metadata (`z.toJSONSchema(scenarioSchema, { io: 'input' })`, as
 * walked for docs/ODD.md's tables). Pure.
 */
import { collectParameters, type Parameter } from '../scenario/parameters.ts';
import { getPath } from '../scenario/paths.ts';

export interface AssumptionRow {
  path: string;
  meaning: string;
  used: string;
  default: string;
  range: string;
  source: string;
  /** The run's value differs from the schema default. */
  changed: boolean;
  /** The value rests on an assumption rather than a source. */
  assumed: boolean;
}

let parameters: Parameter[] | undefined;

function allParameters(): Parameter[] {
  parameters ??= collectParameters().filter((p) => p.kind === 'leaf' && p.path !== '');
  return parameters;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return '–';
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map(formatValue).join(', ');
  return JSON.stringify(value);
}

/** The value at a parameter path; `a[].b` collects `b` of every entry of the list `a`. */
function valueAt(scenario: unknown, path: string): unknown {
  const at = path.indexOf('[]');
  if (at < 0) return getPath(scenario, path);
  const list = getPath(scenario, path.slice(0, at));
  if (!Array.isArray(list)) return undefined;
  const rest = path.slice(at + 3);
  return list.map((entry) => (rest ? valueAt(entry, rest) : entry));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One row per scenario parameter, in schema order. */
export function assumptionRows(scenario: unknown): AssumptionRow[] {
  return allParameters()
    .filter((p) => !['name', 'description', 'nameZh', 'descriptionZh', 'seed', 'schedule'].includes(p.path))
    .map((p) => {
      const used = valueAt(scenario, p.path);
      const isList = p.path.includes('[]');
      return {
        path: p.path,
        meaning: p.description ?? '',
        used: formatValue(used),
        default: p.hasDefault ? formatValue(p.default) : '–',
        range: p.range ? `${p.range[0]}–${p.range[1]}` : '',
        source: p.source ?? '',
        changed: !isList && p.hasDefault && used !== undefined && !same(used, p.default),
        assumed: (p.source ?? 'assumption').toLowerCase().startsWith('assumption'),
      };
    });
}
