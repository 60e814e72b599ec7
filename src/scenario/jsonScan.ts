/**
 * A small JSON scanner for scenario files written as JSON. JSON.parse builds the value; this
 * only finds where things are: the offset of each key and value (so validation problems can
 * name a line and column), the first syntax error with a readable reason (V8's messages do
 * not always carry a position), and duplicate keys (JSON.parse silently keeps the last one).
 * Pure, no I/O.
 */

export type PathKey = string | number;

export interface JsonPosition {
  /** Offset of the member's key (object members only). */
  key?: number;
  /** Offset of the value. */
  value: number;
}

export type JsonScan =
  | { ok: true; positions: Map<string, JsonPosition> }
  | { ok: false; offset: number; reason: string };

/** Map key for a path (array indices and object keys both as strings). */
export function pathKey(path: readonly PathKey[]): string {
  return path.map(String).join('\u0000');
}

const MAX_DEPTH = 200;

class ScanError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function describeChar(text: string, i: number): string {
  if (i >= text.length) return 'the end of the file';
  const ch = text[i];
  if (ch === '\n' || ch === '\r') return 'the end of the line';
  return JSON.stringify(ch);
}

export function scanJson(text: string): JsonScan {
  const positions = new Map<string, JsonPosition>();
  let i = 0;

  const fail = (reason: string, at = i): never => {
    throw new ScanError(at, reason);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape in a string (needs 4 hex digits)');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`bad escape ${JSON.stringify('\\' + (e ?? ''))} in a string`);
        continue;
      }
      if (text.charCodeAt(i) < 0x20) fail('unescaped control character or line break in a string (strings must end on the line they start)');
      i++;
    }
    return fail('string is not closed (missing ")', start);
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail(`expected a number, found ${describeChar(text, i)}`);
    i += m[0].length;
  };
  const value = (path: PathKey[], depth: number, keyOffset?: number) => {
    ws();
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
    positions.set(pathKey(path), keyOffset === undefined ? { value: i } : { key: keyOffset, value: i });
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      const seen = new Set<string>();
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === '}' ? 'trailing comma before }' : `expected a quoted key, found ${describeChar(text, i)}`);
        const keyAt = i;
        const key = string();
        if (seen.has(key)) fail(`duplicate key ${JSON.stringify(key)}`, keyAt);
        seen.add(key);
        ws();
        if (text[i] !== ':') fail(`expected ':' after the key ${JSON.stringify(key)}, found ${describeChar(text, i)}`);
        i++;
        value([...path, key], depth + 1, keyAt);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected ',' or '}' after a value, found ${describeChar(text, i)}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        if (text[i] === ']') fail('trailing comma before ]');
        value([...path, n], depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected ',' or ']' after a list item, found ${describeChar(text, i)}`);
      }
    }
    if (c === '"') {
      string();
      return;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      number();
      return;
    }
    if (c === undefined) fail('unexpected end of the file (a value is missing)');
    if (c === "'") fail('strings need double quotes in JSON');
    fail(`expected a value, found ${describeChar(text, i)}`);
  };

  try {
    ws();
    if (i >= text.length) fail('the file is empty');
    value([], 0);
    ws();
    if (i < text.length) fail(`unexpected ${describeChar(text, i)} after the end of the top-level value`);
    return { ok: true, positions };
  } catch (err) {
    if (err instanceof ScanError) return { ok: false, offset: err.offset, reason: err.reason };
    throw err;
  }
}

/** A function giving the 1-based line and column of a string offset. */
export function lineLocator(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 0x0a) starts.push(k + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  };
}
