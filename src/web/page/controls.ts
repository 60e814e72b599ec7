/**
 * The page's controls, generated from the scenario schema: one per leaf parameter that
 * collectParameters (scenario/parameters.ts) finds, with its kind (switch, number with a slider
 * over its plausible range, choice, several choices, or a free value for anything else), its
 * doc text, source or assumption mark, default, the place's own value and the value in force.
 * A field added to the schema gets a control without any page code. Pure.
 */
import type { JsonSchema, Parameter } from '../../scenario/parameters.ts';
import { getPath } from '../../scenario/paths.ts';

export type ControlKind = 'switch' | 'number' | 'choice' | 'choices' | 'value';

export interface Control {
  path: string;
  /** Group: a top-level section ('' for the run's own settings), or policies.<lever>. */
  section: string;
  kind: ControlKind;
  integer: boolean;
  /** The value may be null (e.g. no deadline). */
  nullable: boolean;
  /** Hard bounds from the schema. */
  min?: number;
  max?: number;
  /** Slider bounds: the plausible range (or the bounds), widened to hold the default and the place's value. */
  slider?: { min: number; max: number; step: number };
  options?: string[];
  doc: string;
  /** Where the default comes from; "assumption…" marks an assumed value. */
  source: string;
  assumption: boolean;
  range?: [number, number];
  default: unknown;
  /** The place's own value (the preset or the loaded file, defaults filled in). */
  preset: unknown;
  /** The value in force in the variant. */
  value: unknown;
  changed: boolean;
}

/** Paths that are not levers: names and texts, the seed (the page picks the seeds) and lists edited elsewhere. */
const NOT_LEVERS = new Set(['name', 'description', 'nameZh', 'descriptionZh', 'seed', 'schedule']);

/** Paths that apply to both arms (the length of the run and its calendar), not to the variant alone. */
export const RUN_SETTINGS: readonly string[] = ['years', 'startYear'];

function typesOf(node: JsonSchema): string[] {
  const branches = node.anyOf ?? node.oneOf;
  if (branches) return branches.flatMap(typesOf);
  return Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
}

function numericBounds(node: JsonSchema): { min?: number; max?: number; integer: boolean } {
  const branches = node.anyOf ?? node.oneOf;
  const numeric = branches ? branches.find((b) => typesOf(b).some((t) => t === 'number' || t === 'integer')) ?? node : node;
  const min = typeof numeric.minimum === 'number' ? numeric.minimum : typeof numeric.exclusiveMinimum === 'number' ? numeric.exclusiveMinimum : undefined;
  const max = typeof numeric.maximum === 'number' ? numeric.maximum : typeof numeric.exclusiveMaximum === 'number' ? numeric.exclusiveMaximum : undefined;
  return { min, max, integer: typesOf(numeric).includes('integer') };
}

/** A step of 1, 2 or 5 × 10^k giving about 100 steps over the span. */
function niceStep(span: number, integer: boolean): number {
  if (!(span > 0)) return integer ? 1 : 0.01;
  const raw = span / 100;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/** Largest span a slider is offered for when the schema gives no plausible range. */
const SLIDER_SPAN_WITHOUT_RANGE = 1000;

function sliderFor(bounds: { min?: number; max?: number; integer: boolean }, range: [number, number] | undefined, values: unknown[]): Control['slider'] {
  let lo: number | undefined = range?.[0];
  let hi: number | undefined = range?.[1];
  if (lo === undefined || hi === undefined) {
    if (bounds.min === undefined || bounds.max === undefined || bounds.max - bounds.min > SLIDER_SPAN_WITHOUT_RANGE) return undefined;
    [lo, hi] = [bounds.min, bounds.max];
  }
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (bounds.min !== undefined) lo = Math.max(lo, bounds.min);
  if (bounds.max !== undefined) hi = Math.min(hi, bounds.max);
  if (!(hi > lo)) return undefined;
  return { min: lo, max: hi, step: niceStep(hi - lo, bounds.integer) };
}

function kindOf(node: JsonSchema): { kind: ControlKind; options?: string[]; nullable: boolean } {
  const types = typesOf(node);
  const nullable = types.includes('null');
  if (Array.isArray(node.enum) && node.enum.every((v) => typeof v === 'string')) return { kind: 'choice', options: node.enum as string[], nullable };
  if (types.length === 1 && types[0] === 'boolean') return { kind: 'switch', nullable };
  const items = node.items;
  if (types.length === 1 && types[0] === 'array' && items && Array.isArray(items.enum) && items.enum.every((v) => typeof v === 'string'))
    return { kind: 'choices', options: items.enum as string[], nullable };
  const rest = types.filter((t) => t !== 'null');
  if (rest.length === 1 && (rest[0] === 'number' || rest[0] === 'integer')) return { kind: 'number', nullable };
  return { kind: 'value', nullable };
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The controls for `parameters` (collectParameters' rows): leaves only, list entries (such as
 * the starting organizations) and texts left out. `preset` is the place's validated scenario;
 * `changes` the variant's values by path.
 */
export function controlsFor(parameters: readonly Parameter[], preset: unknown, changes: ReadonlyMap<string, unknown>): Control[] {
  const controls: Control[] = [];
  for (const p of parameters) {
    if (p.kind !== 'leaf' || p.path.includes('[]') || NOT_LEVERS.has(p.path)) continue;
    const { kind, options, nullable } = kindOf(p.schema);
    const bounds = numericBounds(p.schema);
    const presetValue = getPath(preset, p.path);
    const value = changes.has(p.path) ? changes.get(p.path) : presetValue;
    const source = p.source ?? 'assumption';
    controls.push({
      path: p.path,
      section: p.section,
      kind,
      integer: bounds.integer,
      nullable,
      ...(kind === 'number' ? { min: bounds.min, max: bounds.max, slider: sliderFor(bounds, p.range, [p.default, presetValue, value]) } : {}),
      ...(options ? { options } : {}),
      doc: p.description ?? '',
      source,
      assumption: /^assumption/i.test(source),
      ...(p.range ? { range: p.range } : {}),
      default: p.default,
      preset: presetValue,
      value,
      changed: changes.has(p.path) && !sameValue(changes.get(p.path), presetValue),
    });
  }
  return controls;
}

/** Controls grouped by section: the policy levers first, then the other sections, each in schema order. */
export function bySection(controls: readonly Control[]): [string, Control[]][] {
  const groups = new Map<string, Control[]>();
  for (const c of controls) groups.set(c.section, [...(groups.get(c.section) ?? []), c]);
  const all = [...groups];
  return [...all.filter(([s]) => s.startsWith('policies.')), ...all.filter(([s]) => !s.startsWith('policies.'))];
}
