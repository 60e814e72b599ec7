/**
 * Output formats with deterministic text: the same values always give the same bytes. CSV
 * numbers are written with 10 significant digits, never in exponent notation; JSON is indented
 * with two spaces. Non-finite numbers (NaN, ±Infinity) are a bug in whatever produced them and
 * are refused rather than written. Pure, no I/O.
 */

const SIGNIFICANT = 10;

/** A number as CSV text: integers as they are, others to 10 significant digits, no exponents. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} (not a finite number)`);
  if (Number.isInteger(x)) return Math.abs(x) < 1e21 ? String(x) : BigInt(x).toString();
  const rounded = Number(x.toPrecision(SIGNIFICANT));
  const s = String(rounded);
  if (!/e/i.test(s)) return s;
  // Only very small magnitudes reach here (non-integers are below 2^53): write them out.
  const exponent = Math.floor(Math.log10(Math.abs(rounded)));
  const decimals = Math.min(100, Math.max(0, SIGNIFICANT - 1 - exponent));
  const fixed = rounded.toFixed(decimals);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

function csvField(value: unknown, where: () => string): string {
  if (typeof value === 'number') {
    try {
      return formatNumber(value);
    } catch (err) {
      throw new Error(`${where()}: ${(err as Error).message}`);
    }
  }
  if (typeof value === 'string') return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return '';
  throw new Error(`${where()}: cannot write a value of type ${typeof value}`);
}

/** CSV text: a header line with `columns`, then one line per row in that column order. */
export function toCsv(columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]): string {
  const lines = [columns.map((c) => csvField(c, () => `column name ${c}`)).join(',')];
  rows.forEach((row, r) => {
    const fields = columns.map((c) => {
      if (!Object.hasOwn(row, c)) throw new Error(`row ${r + 1} has no value for column "${c}"`);
      return csvField(row[c], () => `row ${r + 1}, column "${c}"`);
    });
    lines.push(fields.join(','));
  });
  return lines.join('\n') + '\n';
}

/** Path of the first value JSON cannot represent faithfully, with the reason, or null. */
function unwritable(value: unknown, path: string, seen: Set<object>): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') return `${path} is a ${typeof value}`;
  if (value === null || typeof value !== 'object') return null;
  if (seen.has(value)) return `${path} refers back to itself`;
  if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return `${path} is a ${value.constructor.name}`;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) return `${path}[${i}] is undefined`;
      const p = unwritable(value[i], `${path}[${i}]`, seen);
      if (p) return p;
    }
  } else {
    for (const [k, v] of Object.entries(value)) {
      const p = unwritable(v, `${path}.${k}`, seen);
      if (p) return p;
    }
  }
  seen.delete(value);
  return null;
}

/** JSON text, 2-space indented, ending in a newline; refuses NaN, Infinity and other lossy values. */
export function stableJson(value: unknown): string {
  const problem = unwritable(value, '$', new Set());
  if (problem) throw new Error(`cannot write JSON: ${problem}`);
  return JSON.stringify(value, null, 2) + '\n';
}
