/**
 * Scenario text → validated Scenario. Parses YAML (or JSON, by file extension), applies --set
 * overrides, validates against the schema and checks the policy schedule by applying it, so a
 * bad scenario fails here, with every problem on its own line (file:line:col, dotted path,
 * what was expected, what was found), before any run starts. Pure: no file access; the caller
 * reads the text.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { GovbuyError } from '../engine/errors.ts';
import { applyEntry } from '../model/scheduleChanges.ts';
import { describeIssue, describeSome, firstKeys, formatPath, preview, type PathKey, type Problem } from './issues.ts';
import { lineLocator, pathKey, scanJson, type JsonPosition } from './jsonScan.ts';
import { SCHEDULABLE_SECTIONS, setPath, splitPath } from './paths.ts';
import { scenarioSchema, type Scenario } from './schema.ts';
import { parseYamlDocument } from './yamlDocument.ts';
import { fileKindOf, keyList } from './fileKind.ts';

/** Aliases a YAML file may expand (stops "billion laughs" alias bombs). */
const MAX_ALIASES = 100;

/**
 * Problems listed in one message; the rest are only counted. Placing a problem searches the
 * file, so listing every one of a hostile file's thousands of bad keys would take minutes.
 */
export const MAX_PROBLEMS = 50;

/** The schema's default calendar year of run year 0. */
const DEFAULT_START_YEAR: number = scenarioSchema.shape.startYear.parse(undefined);

export interface ParseOptions {
  /**
   * How each entry of `sets` is named in messages (default `--set <text>`); the CLI names its
   * `--years N` sugar this way.
   */
  setLabels?: readonly (string | undefined)[];
}

/** One `path=value` override. */
export interface SetOverride {
  /** How it is named in messages: `--set policies.payments.advanceShare=0.5`. */
  label: string;
  path: string;
  parts: string[];
  value: unknown;
}

interface Located {
  line: number;
  col: number;
}

/** A parsed file: the plain value and a way to find where a path is written. */
interface Source {
  raw: unknown;
  locate(path: readonly PathKey[], atKey: boolean): Located | undefined;
}

export function parseScenarioText(text: string, fileName: string, sets: readonly string[] = [], options: ParseOptions = {}): Scenario {
  return prepareScenarioText(text, fileName)(sets, options);
}

/** A scenario file read once, validated with any overrides as often as needed. */
export type PreparedScenario = (sets?: readonly string[], options?: ParseOptions) => Scenario;

/**
 * Read a scenario file's text once, for many variants (a sweep validates every design point,
 * then builds each run's scenario): each call copies the parsed value, applies the overrides
 * and validates it, with exactly parseScenarioText's result and errors. Reading the text is
 * nine tenths of the cost (Xitun: 1.7 ms for text to scenario, 0.15 ms from the parsed value).
 * A file that cannot be read throws at once.
 */
export function prepareScenarioText(text: string, fileName: string): PreparedScenario {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const source = isJsonFile(fileName) ? readJson(text, fileName) : readYaml(text, fileName);
  const parsed = source.raw;
  if (parsed === null || parsed === undefined) {
    // Nothing but comments, or a value that is null (`null`, `~`): say which.
    const written = text.replace(/#.*$/gm, '').replace(/^(---|\.\.\.)\s*$/gm, '').trim();
    throw new GovbuyError('SCENARIO_INVALID', written === '' ? `${fileName}: the file is empty` : `${fileName}: the file holds only a null value (${preview(written, 20)}), not a scenario`, [
      `${fileName}: a scenario is a mapping of sections, e.g. "name: my scenario" and "years: 20" (all sections are optional)`,
    ]);
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'a list' : `a single value (${preview(parsed)})`;
    throw new GovbuyError('SCENARIO_INVALID', `${fileName}: the top level must be a mapping of sections`, [
      `${fileName}:1:1 expected a mapping of sections (${topLevelKeys().join(', ')}), found ${kind}`,
    ]);
  }
  const told = fileKindOf(parsed as Record<string, unknown>);
  if (told?.kind === 'targets')
    throw new GovbuyError('SCENARIO_INVALID', `${fileName} is a calibration targets file, not a scenario (it has ${keyList(told.telling)})`, [
      `to fit a scenario to it: govbuy calibrate <scenario> --targets ${fileName}`,
    ]);
  if (told?.kind === 'experiment') {
    const named = (parsed as Record<string, unknown>).scenario;
    throw new ExperimentGivenError(`${fileName} is an experiment, not a scenario (it has ${keyList(told.telling)})`, [
      `to run the experiment: govbuy sweep ${fileName}`,
      typeof named === 'string'
        ? `to run its scenario once: govbuy run with the file its "scenario:" names, ${named} (relative to the experiment's folder)`
        : `to run one of its scenarios once: govbuy run with a file its "scenario:" lists`,
    ]);
  }
  return (sets = [], options = {}) => {
    // The overrides write into a copy; problems are read from the copy and placed in the text.
    const variant: Source = { raw: structuredClone(parsed), locate: source.locate };
    const overrides = sets.map((s, i) => parseSet(s, options.setLabels?.[i]));
    for (const o of overrides) applySet(variant.raw as Record<string, unknown>, o);

    const result = scenarioSchema.safeParse(variant.raw, { reportInput: true });
    if (!result.success) {
      const { problems, unlisted } = describeSome(result.error.issues, scenarioSchema, MAX_PROBLEMS, { startYear: startYearOf(variant.raw) });
      throw invalid(fileName, problems.map((p) => placeProblem(p, variant, fileName, overrides)), unlisted);
    }
    const schedule = checkSchedule(result.data, variant, fileName, overrides);
    if (schedule.lines.length > 0) throw invalid(fileName, schedule.lines, schedule.truncated ? 'some' : 0);
    return result.data;
  };
}

/** An experiment file given where a scenario belongs (`validate` then checks it as an experiment). */
export class ExperimentGivenError extends GovbuyError {
  constructor(message: string, details: string[]) {
    super('SCENARIO_INVALID', message, details);
  }
}

function isJsonFile(fileName: string): boolean {
  return /\.json$/i.test(fileName);
}

function topLevelKeys(): string[] {
  return Object.keys(scenarioSchema.shape);
}

interface Line {
  /** Sort key: overrides after file positions, file positions in order. */
  order: [number, number, number];
  text: string;
}

/**
 * `unlisted`: problems found beyond `lines` (which stop at MAX_PROBLEMS): a count, or "some"
 * when the search stopped early.
 */
function invalid(fileName: string, lines: Line[], unlisted: number | 'some' = 0): GovbuyError {
  const sorted = lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => a.l.order[0] - b.l.order[0] || a.l.order[1] - b.l.order[1] || a.l.order[2] - b.l.order[2] || a.i - b.i)
    .map(({ l }) => l.text);
  const unique = [...new Set(sorted)];
  const n = unique.length;
  if (unlisted === 0 || (typeof unlisted === 'number' && unlisted < 0))
    return new GovbuyError('SCENARIO_INVALID', `${fileName}: ${n} ${n === 1 ? 'problem' : 'problems'} in the scenario`, unique);
  if (unlisted === 'some')
    return new GovbuyError('SCENARIO_INVALID', `${fileName}: ${n} or more problems in the scenario`, [...unique, `… the check stopped after ${n} problems; fix these and run it again`]);
  return new GovbuyError('SCENARIO_INVALID', `${fileName}: ${n + unlisted} problems in the scenario`, [...unique, `… and ${unlisted} more (only the first ${n} are listed)`]);
}

// ── Reading the text ─────────────────────────────────────────────────────

function readJson(text: string, fileName: string): Source {
  const scan = scanJson(text);
  const at = lineLocator(text);
  if (!scan.ok) {
    const { line, col } = at(scan.offset);
    throw new GovbuyError('SCENARIO_PARSE', `${fileName}:${line}:${col}: not valid JSON: ${scan.reason}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // The scanner accepted it, so this should not happen; report what JSON.parse says.
    throw new GovbuyError('SCENARIO_PARSE', `${fileName}: not valid JSON: ${(err as Error).message}`);
  }
  const positions = scan.positions;
  return {
    raw,
    locate(path, atKey) {
      for (let n = path.length; n >= 0; n--) {
        const pos: JsonPosition | undefined = positions.get(pathKey(path.slice(0, n)));
        if (!pos) continue;
        const offset = n === path.length && atKey && pos.key !== undefined ? pos.key : pos.value;
        return at(offset);
      }
      return undefined;
    },
  };
}

function readYaml(text: string, fileName: string): Source {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseYamlDocument(text, { lineCounter, prettyErrors: false });
  } catch (err) {
    if (err instanceof RangeError) throw new GovbuyError('SCENARIO_PARSE', `${fileName}: YAML is nested too deeply to read`);
    throw err;
  }
  const pos = (offset: number): Located => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const problems = [...doc.errors, ...doc.warnings].map((e) => {
    const { line, col } = pos(e.pos[0]);
    return { line, col, text: `${fileName}:${line}:${col} ${yamlMessage(e)}` };
  });
  // Keys must be plain scalars: a list or mapping as a key cannot name a parameter.
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as Node | null;
      if (key && !isScalar(key) && !isAlias(key) && key.range) {
        const { line, col } = pos(key.range[0]);
        problems.push({ line, col, text: `${fileName}:${line}:${col} a key must be a plain name, not a list or mapping` });
      }
    },
  });
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line || a.col - b.col);
    const n = problems.length;
    throw new GovbuyError(
      'SCENARIO_PARSE',
      `${fileName}: YAML syntax ${n === 1 ? 'error' : 'errors'} (line ${problems[0].line})`,
      problems.map((p) => p.text),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message))
      throw new GovbuyError('SCENARIO_PARSE', `${fileName}: too many YAML alias expansions (more than ${MAX_ALIASES}); write the values out instead`);
    if (err instanceof RangeError) throw new GovbuyError('SCENARIO_PARSE', `${fileName}: YAML is nested too deeply to read`);
    throw new GovbuyError('SCENARIO_PARSE', `${fileName}: cannot read the YAML: ${(err as Error).message}`);
  }
  return {
    raw,
    locate(path, atKey) {
      let node: unknown = doc.contents;
      let best: Located | undefined = node && (node as Node).range ? pos((node as Node).range![0]) : undefined;
      for (let i = 0; i < path.length; i++) {
        if (isAlias(node)) node = node.resolve(doc);
        const part = path[i];
        const last = i === path.length - 1;
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
          if (!pair) return best;
          const key = pair.key as Node;
          if (key.range) best = pos(key.range[0]);
          if (last && atKey) return best;
          node = pair.value;
        } else if (isSeq(node) && typeof part === 'number') {
          node = node.items[part];
        } else return best;
        const range = (node as Node | null)?.range;
        // An empty value (`region:`) has no text of its own: keep the key's position.
        if (range && range[1] > range[0]) best = pos(range[0]);
        else if (!node) return best;
      }
      return best;
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** A YAML error for people: the parser reports nesting too deep for its stack as "Maximum call stack size exceeded". */
function yamlMessage(e: { code: string; message: string }): string {
  return e.code === 'RESOURCE_EXHAUSTION' ? 'nested too deeply to read (lists or mappings inside one another thousands of levels deep)' : firstLine(e.message);
}

// ── --set overrides ───────────────────────────────────────────────────────

/** Parse `path=value` (the value read as YAML: `0.5`, `true`, `open`, `[a, b]`, `{x: 1}`). */
export function parseSet(arg: string, label = `--set ${arg}`): SetOverride {
  const eq = arg.indexOf('=');
  if (eq < 0) throw new GovbuyError('SET_INVALID', `${label}: expected path=value, e.g. --set policies.payments.advanceShare=0.5`);
  const path = arg.slice(0, eq).trim();
  const valueText = arg.slice(eq + 1).trim();
  if (path.length === 0) throw new GovbuyError('SET_INVALID', `${label}: no parameter path before "="`);
  let parts: string[];
  try {
    parts = splitPath(path);
  } catch (err) {
    throw new GovbuyError('SET_INVALID', `${label}: ${(err as Error).message}`);
  }
  if (valueText.length === 0) throw new GovbuyError('SET_INVALID', `${label}: no value after "=" (write null to clear a value, "" for empty text)`);
  const doc = parseYamlDocument(valueText, { prettyErrors: false });
  const errors = [...doc.errors, ...doc.warnings];
  if (errors.length > 0) throw new GovbuyError('SET_INVALID', `${label}: the value is not valid YAML: ${yamlMessage(errors[0])}`);
  if (doc.contents === null) throw new GovbuyError('SET_INVALID', `${label}: the value is only a YAML comment; quote it if you mean text starting with #`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    throw new GovbuyError('SET_INVALID', `${label}: cannot read the value: ${(err as Error).message}`);
  }
  return { label, path, parts, value };
}

/**
 * Why `parts` cannot address a place in `root`, or null. Lists take indices only, up to their
 * length (the length itself appends an entry); anything else would be silently ignored.
 */
export function pathProblem(root: unknown, parts: readonly string[]): string | null {
  let node: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    if (node === null || typeof node !== 'object') return null; // setPath reports values in the way
    const part = parts[i];
    if (Array.isArray(node)) {
      const where = parts.slice(0, i).join('.');
      if (!/^(0|[1-9]\d*)$/.test(part)) return `"${where}" is a list; address its entries by index, e.g. ${where}.0`;
      const index = Number(part);
      if (index > node.length)
        return `"${where}" has ${node.length} ${node.length === 1 ? 'entry' : 'entries'}; use an index from 0 to ${node.length}`;
    }
    node = Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined;
  }
  return null;
}

function applySet(raw: Record<string, unknown>, o: SetOverride): void {
  const problem = pathProblem(raw, o.parts);
  if (problem) throw new GovbuyError('SET_INVALID', `${o.label}: ${problem}`);
  try {
    setPath(raw, o.path, o.value);
  } catch (err) {
    throw new GovbuyError('SET_INVALID', `${o.label}: ${(err as Error).message}`);
  }
}

// ── Placing problems ──────────────────────────────────────────────────────

function isPrefix(a: readonly PathKey[], b: readonly PathKey[]): boolean {
  return a.length <= b.length && a.every((p, i) => String(p) === String(b[i]));
}

/** Whether a problem at `problemPath` lies in what a write at `setParts` replaced (or contains it). */
function touches(setParts: readonly PathKey[], problemPath: readonly PathKey[]): boolean {
  return isPrefix(setParts, problemPath) || isPrefix(problemPath, setParts);
}

/** "under policies.payments" text for unknown keys, the path otherwise. */
function problemText(p: Problem, samePath: boolean): string {
  const parent = p.path.slice(0, -1);
  if (p.unknownKey !== undefined) return p.text.replace(/^unknown key "[^"]*"/, (m) => `${m} under ${formatPath(parent)}`);
  return samePath ? p.text : `${formatPath(p.path)}: ${p.text}`;
}

function placeProblem(p: Problem, source: Source, fileName: string, overrides: readonly SetOverride[]): Line {
  // The last --set that wrote at or around this path is the one to blame.
  for (let k = overrides.length - 1; k >= 0; k--) {
    const o = overrides[k];
    if (touches(o.parts, p.path)) {
      const same = o.parts.length === p.path.length && isPrefix(o.parts, p.path);
      return { order: [1, k, 0], text: `${o.label}: ${problemText(p, same)}` };
    }
  }
  const at = source.locate(p.path, p.unknownKey !== undefined);
  const where = at ? `${fileName}:${at.line}:${at.col}` : fileName;
  const shown = p.unknownKey !== undefined ? p.path.slice(0, -1) : p.path;
  return { order: [0, at?.line ?? 0, at?.col ?? 0], text: `${where} ${formatPath(shown)}: ${p.text}` };
}

// ── The schedule ──────────────────────────────────────────────────────────

/**
 * Apply the schedule entries in run order, as the model will, so that a change that breaks the
 * scenario in year 10 is reported now and not ten simulated years into a run.
 */
function editedCopy(scenario: Scenario, set: Record<string, unknown>): unknown {
  try {
    const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
    for (const [path, value] of Object.entries(set)) setPath(copy, path, value);
    return copy;
  } catch {
    return undefined;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object' || typeof part === 'symbol' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part as string];
  }
  return node;
}

/** The calendar year of run year 0 as the input gives it (or the default), for messages about run years. */
function startYearOf(raw: unknown): number | undefined {
  const given = (raw as { startYear?: unknown } | null)?.startYear;
  if (given === undefined) return DEFAULT_START_YEAR;
  return typeof given === 'number' && Number.isInteger(given) ? given : undefined;
}

function checkSchedule(scenario: Scenario, source: Source, fileName: string, overrides: readonly SetOverride[]): { lines: Line[]; truncated: boolean } {
  const lines: Line[] = [];
  // Stop at MAX_PROBLEMS: each problem is placed by a search of the file.
  const full = () => lines.length >= MAX_PROBLEMS;
  let truncated = false;
  const entries = scenario.schedule.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.year - b.entry.year || a.index - b.index);
  const allowed: readonly string[] = SCHEDULABLE_SECTIONS;
  // A copy: applyEntry's immer freezes what it shares with its base, and the caller gets `scenario`.
  let current = entries.length > 0 ? structuredClone(scenario) : scenario;
  for (const { entry, index } of entries) {
    if (full()) return { lines, truncated: true };
    const keyProblems: Line[] = [];
    const keyParts = new Map<string, string[]>();
    const place = (key: string | null, text: string): Line => {
      const path: PathKey[] = key === null ? ['schedule', index] : ['schedule', index, 'set', key];
      // An entry a --set wrote is that override's problem, not the file's (the last one to write it).
      for (let k = overrides.length - 1; k >= 0; k--)
        if (touches(overrides[k].parts, path)) return { order: [1, k, 0], text: `${overrides[k].label}: ${formatPath(path)}: ${text}` };
      const at = source.locate(path, key !== null);
      const where = at ? `${fileName}:${at.line}:${at.col}` : fileName;
      return { order: [0, at?.line ?? 0, at?.col ?? 0], text: `${where} ${formatPath(path)}: ${text}` };
    };
    // The keys as written: zod's record drops a "__proto__" key, which must be reported, not ignored.
    const written = valueAt(source.raw, ['schedule', index, 'set']);
    for (const key of Object.keys(written !== null && typeof written === 'object' ? written : entry.set)) {
      if (lines.length + keyProblems.length >= MAX_PROBLEMS) {
        truncated = true;
        break;
      }
      let parts: string[];
      try {
        parts = splitPath(key);
      } catch (err) {
        keyProblems.push(place(key, (err as Error).message));
        continue;
      }
      if (!allowed.includes(parts[0])) {
        keyProblems.push(place(key, `"${parts[0]}" cannot change during a run; a schedule may change ${allowed.join(', ')}`));
        continue;
      }
      if (parts.length < 2) {
        keyProblems.push(place(key, `name a parameter inside "${parts[0]}", e.g. ${parts[0]}.<section>.<parameter>`));
        continue;
      }
      const problem = pathProblem(current, parts);
      if (problem) {
        keyProblems.push(place(key, problem));
        continue;
      }
      keyParts.set(key, parts);
    }
    lines.push(...keyProblems);
    // Still apply the keys that can be applied, so their problems are reported too.
    const applicable = { ...entry, set: Object.fromEntries(Object.entries(entry.set).filter(([key]) => keyParts.has(key))) };
    if (Object.keys(applicable.set).length === 0) continue;
    try {
      current = applyEntry(current, applicable);
    } catch (err) {
      const issues = (err as { issues?: unknown }).issues;
      if (!Array.isArray(issues)) {
        lines.push(place(null, (err as Error).message));
        continue;
      }
      // applyEntry's parse does not report inputs; find what was there in an edited copy.
      const edited = editedCopy(current, applicable.set);
      for (const raw of issues as z.core.$ZodIssue[]) {
        const issue = raw.input === undefined ? ({ ...raw, input: valueAt(edited, raw.path) } as z.core.$ZodIssue) : raw;
        for (const p of describeIssue(firstKeys(issue, MAX_PROBLEMS - lines.length + 1), scenarioSchema, { startYear: scenario.startYear })) {
          if (full()) return { lines, truncated: true };
          const key = [...keyParts.entries()].reverse().find(([, parts]) => touches(parts, p.path))?.[0];
          if (key !== undefined) {
            const same = keyParts.get(key)!.length === p.path.length && isPrefix(keyParts.get(key)!, p.path);
            lines.push(place(key, problemText(p, same)));
          } else lines.push(place(null, `after this change (year ${entry.year}), ${formatPath(p.path)}: ${p.text}`));
        }
      }
    }
  }
  return { lines, truncated };
}
