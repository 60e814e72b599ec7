/**
 * Turning zod validation issues into lines a person can act on: what was expected (read from
 * the schema itself: bounds, whole numbers, enum values, known keys) and what was found. Pure,
 * no I/O.
 */
import type { z } from 'zod';
import type { PathKey } from './jsonScan.ts';

export type { PathKey };

/** One problem, before it is placed in a file or attributed to a --set. */
export interface Problem {
  /** Path of the offending value; for an unknown key, the path of the key itself. */
  path: PathKey[];
  /** Set when the problem is an unknown key (the last part of `path`). */
  unknownKey?: string;
  /** What is wrong, without the path: "expected a number between 0 and 1, found 1.5". */
  text: string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `policies.payments.advanceShare`, `organizations.initial[0].count`, `schedule[0].set["a.b"]`. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (IDENT.test(part)) out += out.length === 0 ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out.length > 0 ? out : '(top level)';
}

/** JSON of a value, cut to about `max` characters. */
export function preview(value: unknown, max = 60): string {
  if (value === undefined) return 'nothing';
  let s: string | undefined;
  try {
    s = typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  } catch {
    s = undefined;
  }
  if (s === undefined) s = Object.prototype.toString.call(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

// ── Schema introspection (zod 4 definitions) ───────────────────────────────

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  entries?: Record<string, string | number>;
  checks?: { _zod: { def: CheckDef } }[];
}
interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
  maximum?: number;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nonoptional', 'readonly', 'catch']);

/** The schema with defaults, optionality and pipes peeled off; `nullable` is reported. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; nullable: boolean } {
  let s = schema;
  let nullable = false;
  for (let guard = 0; guard < 20; guard++) {
    const d = defOf(s);
    if (WRAPPERS.has(d.type) && d.innerType) s = d.innerType;
    else if (d.type === 'nullable' && d.innerType) {
      nullable = true;
      s = d.innerType;
    } else if (d.type === 'pipe' && d.in) s = d.in;
    else break;
  }
  return { schema: s, nullable };
}

/** The (unwrapped) schema at `path` below `root`, or undefined when the path leaves the schema. */
export function schemaAt(root: z.ZodType, path: readonly PathKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(root).schema;
  for (const part of path) {
    if (!s) return undefined;
    const d = defOf(s);
    if (d.type === 'object' && d.shape) s = Object.hasOwn(d.shape, String(part)) ? d.shape[String(part)] : undefined;
    else if (d.type === 'array' && d.element) s = d.element;
    else if (d.type === 'record' && d.valueType) s = d.valueType;
    else return undefined;
    if (s) s = unwrap(s).schema;
  }
  return s;
}

/** The description the schema gives the field at `path` (its metadata, on the field or one of its wrappers). */
export function descriptionAt(root: z.ZodType, path: readonly PathKey[]): string | undefined {
  if (path.length === 0) return undefined;
  const parent = schemaAt(root, path.slice(0, -1));
  if (!parent) return undefined;
  const d = defOf(parent);
  const last = String(path[path.length - 1]);
  let s: z.ZodType | undefined = d.type === 'object' && d.shape ? (Object.hasOwn(d.shape, last) ? d.shape[last] : undefined) : d.type === 'array' ? d.element : d.type === 'record' ? d.valueType : undefined;
  for (let guard = 0; s && guard < 20; guard++) {
    const description = (s as unknown as { meta?: () => { description?: unknown } | undefined }).meta?.()?.description;
    if (typeof description === 'string') return description;
    const w: Def = defOf(s);
    s = (WRAPPERS.has(w.type) || w.type === 'nullable') && w.innerType ? w.innerType : w.type === 'pipe' ? w.in : undefined;
  }
  return undefined;
}

/** Whether the field at `path` holds a run year (0 = the first year of the run), by its description. */
export function isRunYear(root: z.ZodType, path: readonly PathKey[]): boolean {
  return /^Run year\b/.test(descriptionAt(root, path) ?? '');
}

/** What describing issues may need to know of the scenario: the calendar year of run year 0. */
export interface IssueContext {
  startYear?: number;
}

/**
 * A run-year field's expectation and what was found, saying that it counts from the first year of
 * the run, and converting a calendar year that was given by mistake.
 */
function runYearText(expected: string, input: unknown, nullable: boolean, context: IssueContext): string {
  const range = /between (\S+) and ([^,\s]+)/.exec(expected);
  let text = `expected a run year (0 = first year)${range ? ` between ${range[1]} and ${range[2]}` : ''}${nullable ? ', or null' : ''}, ${found(input)}`;
  if (context.startYear !== undefined) {
    text += `; the scenario starts in ${context.startYear}`;
    if (typeof input === 'number' && Number.isInteger(input) && input >= context.startYear && input - context.startYear <= 200)
      text += `, so calendar year ${input} is run year ${input - context.startYear}`;
  }
  return text;
}

/** Keys an object schema at `path` accepts. */
export function knownKeys(root: z.ZodType, path: readonly PathKey[]): string[] {
  const s = schemaAt(root, path);
  if (!s) return [];
  const d = defOf(s);
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

function fmtNumber(n: number): string {
  return Math.abs(n) >= 100_000 && Number.isInteger(n) ? n.toLocaleString('en-US') : String(n);
}

function numberText(d: Def): string {
  let min: CheckDef | undefined;
  let max: CheckDef | undefined;
  let int = false;
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'greater_than') min = cd;
    else if (cd.check === 'less_than') max = cd;
    else if (cd.check === 'number_format' && cd.format && /int/.test(cd.format)) int = true;
  }
  const what = int ? 'a whole number' : 'a number';
  if (min?.value !== undefined && max?.value !== undefined && min.inclusive && max.inclusive)
    return `${what} between ${fmtNumber(min.value)} and ${fmtNumber(max.value)}`;
  const parts: string[] = [];
  if (min?.value !== undefined) parts.push(`${min.inclusive ? 'at least' : 'above'} ${fmtNumber(min.value)}`);
  if (max?.value !== undefined) parts.push(`${max.inclusive ? 'at most' : 'below'} ${fmtNumber(max.value)}`);
  return parts.length > 0 ? `${what} ${parts.join(' and ')}` : what;
}

/** "a number between 0 and 1", "one of: open, closed", "true or false", … for the schema at `path`. */
export function expectedAt(root: z.ZodType, path: readonly PathKey[]): string | undefined {
  let s: z.ZodType | undefined = unwrap(root).schema;
  let nullable = false;
  for (const part of path) {
    if (!s) return undefined;
    const d = defOf(s);
    let next: z.ZodType | undefined;
    if (d.type === 'object' && d.shape) next = Object.hasOwn(d.shape, String(part)) ? d.shape[String(part)] : undefined;
    else if (d.type === 'array' && d.element) next = d.element;
    else if (d.type === 'record' && d.valueType) next = d.valueType;
    if (!next) return undefined;
    const u = unwrap(next);
    s = u.schema;
    nullable = u.nullable;
  }
  if (!s) return undefined;
  const text = describeSchema(s);
  return text && nullable ? `${text}, or null` : text;
}

function describeSchema(s: z.ZodType): string | undefined {
  const d = defOf(s);
  switch (d.type) {
    case 'number':
      return numberText(d);
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'text';
    case 'enum':
      return `one of: ${Object.values(d.entries ?? {}).join(', ')}`;
    case 'array': {
      const el = d.element ? describeSchema(unwrap(d.element).schema) : undefined;
      return el && defOf(unwrap(d.element!).schema).type === 'enum' ? `a list of ${el.replace(/^one of: /, '')}` : 'a list';
    }
    case 'object':
      return 'a section (a mapping of settings)';
    case 'record':
      return 'a mapping of keys to values';
    default:
      return undefined;
  }
}

// ── Suggestions ───────────────────────────────────────────────────────────

/** Edit distance counting insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

// ── Issues ─────────────────────────────────────────────────────────────────

function found(input: unknown): string {
  if (input === undefined) return 'but it is missing';
  return `found ${preview(input)}`;
}

/** One or more problems (one per unknown key) for a zod issue. */
export function describeIssue(issue: z.core.$ZodIssue, root: z.ZodType, context: IssueContext = {}): Problem[] {
  const path = issue.path.filter((p): p is PathKey => typeof p !== 'symbol');
  const input = (issue as { input?: unknown }).input;

  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(root, path);
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      const hint = guess ? ` (did you mean "${guess}"?)` : '';
      const list = known.length > 0 ? `; known keys: ${known.join(', ')}` : '';
      return { path: [...path, key], unknownKey: key, text: `unknown key "${key}"${hint}${list}` };
    });
  }

  const expected = expectedAt(root, path);
  if (expected && /number/.test(expected) && (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_type') && isRunYear(root, path))
    return [{ path, text: runYearText(expected, input, expected.endsWith(', or null'), context) }];
  let text: string;
  switch (issue.code) {
    case 'invalid_type':
      if (input === null && expected?.startsWith('a section')) text = 'expected a section (a mapping of settings), found an empty value; remove the key or add settings under it';
      else text = `expected ${expected ?? readableType(issue.expected)}, ${found(input)}`;
      break;
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'array') {
        const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
        text = `expected ${issue.code === 'too_small' ? 'at least' : 'at most'} ${n} ${n === 1 ? 'entry' : 'entries'}, ${found(input)}`;
      } else if (issue.origin === 'string') {
        const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
        text =
          issue.code === 'too_small' && n === 1
            ? `expected non-empty text, ${found(input)}`
            : `expected text of ${issue.code === 'too_small' ? 'at least' : 'at most'} ${n} characters, ${found(input)}`;
      } else if (expected) text = `expected ${expected}, ${found(input)}`;
      else {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const word = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'above') : issue.inclusive ? 'at most' : 'below';
        text = `expected a value ${word} ${String(bound)}, ${found(input)}`;
      }
      break;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const guess = typeof input === 'string' ? closest(input, values) : undefined;
      text = `expected one of: ${values.join(', ')}, ${found(input)}${guess ? ` (did you mean "${guess}"?)` : ''}`;
      break;
    }
    case 'custom':
      text = `${issue.message}, ${found(input)}`;
      break;
    default:
      // A pattern's own message ("a column name: letters, digits, …") says more than "expected text".
      if (issue.code === 'invalid_format' && issue.format === 'regex' && issue.message && !issue.message.startsWith('Invalid')) text = `expected ${issue.message}, ${found(input)}`;
      else text = expected ? `expected ${expected}, ${found(input)}` : `${issue.message}, ${found(input)}`;
  }
  return [{ path, text }];
}

function readableType(t: string): string {
  switch (t) {
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'text';
    case 'object':
      return 'a section (a mapping of settings)';
    case 'array':
      return 'a list';
    case 'record':
      return 'a mapping of keys to values';
    default:
      return t;
  }
}

/** An unknown-keys issue cut to its first `room` keys (each unknown key costs a "did you mean" search). */
export function firstKeys(issue: z.core.$ZodIssue, room: number): z.core.$ZodIssue {
  return issue.code === 'unrecognized_keys' && issue.keys.length > room ? { ...issue, keys: issue.keys.slice(0, Math.max(room, 0)) } : issue;
}

/**
 * The first `limit` problems of `issues`, and how many more there are (an unknown key counts as
 * one). Describing and placing a problem costs a search, so a file of tens of thousands of
 * mistakes is refused in the time of `limit` of them.
 */
export function describeSome(issues: readonly z.core.$ZodIssue[], root: z.ZodType, limit: number, context: IssueContext = {}): { problems: Problem[]; unlisted: number } {
  const problems: Problem[] = [];
  let unlisted = 0;
  for (const issue of issues) {
    const room = limit - problems.length;
    const all = issue.code === 'unrecognized_keys' ? issue.keys.length : 1;
    if (room <= 0) {
      unlisted += all;
      continue;
    }
    const described = describeIssue(firstKeys(issue, room), root, context);
    problems.push(...described.slice(0, room));
    unlisted += Math.max(0, described.length - room) + (issue.code === 'unrecognized_keys' ? Math.max(0, all - room) : 0);
  }
  return { problems, unlisted };
}
