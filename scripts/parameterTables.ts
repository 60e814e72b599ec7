/**
 * The parameter tables of docs/ODD.md (section 7), rendered from the scenario schema so the
 * documentation cannot drift from the code. The rows come from src/scenario/parameters.ts.
 * Pure functions only: scripts/gen-docs.ts does the file I/O and tests/docs/odd.test.ts checks
 * that docs/ODD.md is current.
 */
import { collectParameters, hasProperties, resolveRef, scenarioJsonSchema, structural, type JsonSchema, type Parameter } from '../src/scenario/parameters.ts';

export const BEGIN_MARKER = '<!-- BEGIN GENERATED PARAMETERS -->';
export const END_MARKER = '<!-- END GENERATED PARAMETERS -->';

/** What docs/ODD.md starts as when it does not exist yet. */
export const ODD_SKELETON = [
  '# govbuy model description (ODD protocol)',
  '',
  'The prose of this description is being written; the parameter tables below are generated.',
  '',
  '## 7. Submodels and parameters',
  '',
  BEGIN_MARKER,
  END_MARKER,
  '',
].join('\n');

// ---------------------------------------------------------------------------------------------
// Rendering

/** Compact numbers: 1e12 rather than 1000000000000, otherwise JavaScript's shortest form. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) >= 1e6) {
    const [mantissa, exponent] = n.toExponential().split('e');
    if (mantissa.replace(/[-.]/g, '').length <= 3) return `${mantissa}e${Number(exponent)}`;
  }
  return String(n);
}

const code = (text: string) => `\`${text}\``;

function formatValue(value: unknown): string {
  if (value === null) return code('null');
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return code(String(value));
  if (typeof value === 'string') return code(value === '' ? '""' : value);
  if (Array.isArray(value)) return value.length === 0 ? code('[]') : value.map(formatValue).join(', ');
  return code(JSON.stringify(value));
}

function formatDefault(p: Parameter): string {
  if (p.hasDefault) return formatValue(p.default);
  return p.required ? '*required*' : '—';
}

function describeAllowed(raw: JsonSchema, root: JsonSchema): string {
  const s = resolveRef(raw, root);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return branches.map((b) => describeAllowed(b, root)).join(' or ');
  if (s.enum) return s.enum.map(formatValue).join(', ');
  if ('const' in s) return formatValue(s.const);
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  switch (type) {
    case 'null':
      return code('null');
    case 'boolean':
      return `${code('true')}, ${code('false')}`;
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? s.exclusiveMinimum;
      const hi = s.maximum ?? s.exclusiveMaximum;
      const loText = lo === undefined ? '' : `${formatNumber(lo)}${s.exclusiveMinimum !== undefined && s.minimum === undefined ? ' (excl.)' : ''}`;
      const hiText = hi === undefined ? '' : `${formatNumber(hi)}${s.exclusiveMaximum !== undefined && s.maximum === undefined ? ' (excl.)' : ''}`;
      const bounds = loText && hiText ? `${loText}–${hiText}` : loText ? `≥ ${loText}` : hiText ? `≤ ${hiText}` : `any ${type}`;
      return type === 'integer' && (loText || hiText) ? `${bounds}, integer` : bounds;
    }
    case 'string':
      return (s.minLength ?? 0) > 0 ? 'text, non-empty' : 'text';
    case 'array': {
      const items = s.items ? structural(resolveRef(s.items, root), root) : undefined;
      const of = !items ? 'values' : hasProperties(items) ? 'entries (fields below)' : describeAllowed(items, root);
      const size =
        s.minItems !== undefined && s.maxItems !== undefined
          ? `; ${s.minItems}–${s.maxItems} items`
          : s.minItems
            ? `; at least ${s.minItems}`
            : s.maxItems !== undefined
              ? `; at most ${s.maxItems}`
              : '';
      return `list of ${of}${size}`;
    }
    case 'object':
      return s.additionalProperties && typeof s.additionalProperties === 'object' ? 'mapping of names to values' : 'object';
    default:
      return 'any';
  }
}

/** Make text safe for one Markdown table cell. */
export function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

const HEADER = ['parameter', 'meaning', 'default', 'allowed', 'plausible range', 'source'];

function tableRow(cells: string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

function sectionTitle(section: string): string {
  return section === '' ? 'Top-level settings' : code(section);
}

/**
 * The Markdown that goes between the markers in docs/ODD.md (without the markers): one table
 * per section, sections in schema order, rows in schema order.
 */
export function renderParameterTables(schema: JsonSchema = scenarioJsonSchema()): string {
  const rows = collectParameters(schema);
  const sections = new Map<string, Parameter[]>();
  for (const p of rows) {
    const list = sections.get(p.section) ?? [];
    list.push(p);
    sections.set(p.section, list);
  }

  const parts = [
    '<!-- Generated by `npm run docs` from src/scenario/schema.ts. Do not edit by hand: change the schema and regenerate. -->',
    '',
    'Every parameter a scenario file can set, with its default. *Allowed* is what validation accepts; ' +
      '*plausible range* is the interval sweeps and sensitivity analysis vary an assumed value over; ' +
      '*source* cites the seed file or outside figure behind the default, or says it is an assumption. ' +
      '`[]` in a path marks the fields of each entry of a list.',
  ];
  for (const [section, params] of sections) {
    parts.push('', `### ${sectionTitle(section)}`, '', tableRow(HEADER), `|${HEADER.map(() => '---').join('|')}|`);
    for (const p of params) {
      parts.push(
        tableRow([
          code(p.path),
          p.description ?? '',
          formatDefault(p),
          describeAllowed(p.schema, schema),
          p.range ? `${formatNumber(p.range[0])}–${formatNumber(p.range[1])}` : '',
          p.source ?? '',
        ]),
      );
    }
  }
  return `${parts.join('\n')}\n`;
}

/** The full generated block, markers included, as it appears in docs/ODD.md. */
export function wrapGenerated(tables: string): string {
  return `${BEGIN_MARKER}\n${tables}\n${END_MARKER}`;
}

/** Where the generated block sits in a document, or null if its markers are missing or out of order. */
function locate(doc: string): { start: number; end: number } | null {
  const start = doc.indexOf(BEGIN_MARKER);
  const endAt = doc.indexOf(END_MARKER, start + BEGIN_MARKER.length);
  if (start < 0 || endAt < 0) return null;
  if (doc.indexOf(BEGIN_MARKER, start + 1) >= 0 || doc.indexOf(END_MARKER, endAt + 1) >= 0) {
    throw new Error(`the markers ${BEGIN_MARKER} and ${END_MARKER} must each appear once`);
  }
  return { start, end: endAt + END_MARKER.length };
}

/** The generated block of a document (markers included), or null if it has none. */
export function extractGenerated(doc: string): string | null {
  const at = locate(doc);
  return at ? doc.slice(at.start, at.end) : null;
}

/**
 * The document with its generated block replaced by `tables`; everything outside the markers
 * is kept byte for byte. A document without markers gets them appended at the end.
 */
export function spliceGenerated(doc: string, tables: string): string {
  const block = wrapGenerated(tables);
  const at = locate(doc);
  if (at) return doc.slice(0, at.start) + block + doc.slice(at.end);
  const heading = /^## 7\b/m.test(doc) ? '' : '## 7. Submodels and parameters\n\n';
  const sep = doc.length === 0 || doc.endsWith('\n\n') ? '' : doc.endsWith('\n') ? '\n' : '\n\n';
  return `${doc}${sep}${heading}${block}\n`;
}
