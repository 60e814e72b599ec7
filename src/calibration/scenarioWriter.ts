/**
 * The calibrated scenario: a copy of the scenario file's text with the fitted values set, each
 * with a comment saying so. In YAML, each edit touches only its own line — the value is
 * replaced and its trailing comment becomes `# calibrated: median (90% CI lo–hi), <note>; was
 * <old value>, <old comment>` — and a parameter the file did not give is inserted under its
 * section, so every other line, comment and layout stays as it was. Where a line cannot be edited
 * in place (flow mappings, anchors), the yaml package's Document API sets the value instead,
 * which keeps comments but may reflow some lines. JSON files have no comments: the values are
 * set and the file is written with two-space indentation. Pure: text in, text out.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { setPath, splitPath } from '../scenario/paths.ts';

export interface ScenarioEdit {
  path: string;
  value: number;
  /** Comment text after "# " (one line). */
  comment: string;
}

export function editScenarioText(text: string, fileName: string, edits: readonly ScenarioEdit[]): string {
  if (/\.json$/i.test(fileName)) {
    const raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown>;
    for (const e of edits) setPath(raw, e.path, e.value);
    return `${JSON.stringify(raw, null, 2)}\n`;
  }
  let out = text;
  for (const e of edits) out = editYaml(out, e);
  return out;
}

/** Where a line ends (the offset of its "\n", or the text's end). */
function lineEnd(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  return n < 0 ? text.length : n;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function oneLine(comment: string): string {
  return comment.replace(/\s*\n\s*/g, ' ').trim();
}

function editYaml(text: string, e: ScenarioEdit): string {
  const doc = parseDocument(text);
  const parts: (string | number)[] = splitPath(e.path).map((p) => (/^(0|[1-9]\d*)$/.test(p) ? Number(p) : p));
  let node: unknown = doc.contents;
  let depth = 0;
  while (depth < parts.length) {
    const part = parts[depth];
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) break;
      if (pair.value === null) return viaDocument(text, parts, e); // `section:` with nothing under it
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part]) node = node.items[part];
    else break;
    depth++;
  }
  const value = String(e.value);
  if (depth === parts.length) return replaceInPlace(text, node, value, e.comment) ?? viaDocument(text, parts, e);
  return insertUnder(text, node, depth === 0 ? null : node, parts.slice(depth), value, e.comment, depth) ?? viaDocument(text, parts, e);
}

/** Replace a plain scalar's text and its line's trailing comment; null when that is not possible. */
function replaceInPlace(text: string, node: unknown, value: string, comment: string): string | null {
  if (!isScalar(node) || !node.range || node.anchor || node.type !== 'PLAIN') return null;
  const [start, end] = node.range;
  const eol = lineEnd(text, end);
  const rest = text.slice(end, eol);
  if (!/^[ \t]*(#.*)?\r?$/.test(rest)) return null;
  const cr = rest.endsWith('\r') ? '\r' : '';
  const old = text.slice(start, end);
  const oldComment = /#(.*)$/.exec(rest.replace(/\r$/, ''))?.[1]?.trim();
  const note = `${oneLine(comment)}; was ${old}${oldComment ? `, ${oldComment}` : ''}`;
  return `${text.slice(0, start)}${value} # ${note}${cr}${text.slice(eol)}`;
}

/**
 * Insert `rest` (missing keys, the last one holding the value) into the block mapping `parent`
 * (null: the top level), after its last entry. Null when the parent is not a block mapping.
 */
function insertUnder(text: string, node: unknown, parent: unknown, rest: readonly (string | number)[], value: string, comment: string, depth: number): string | null {
  if (rest.some((p) => typeof p === 'number')) return null; // a list entry the file lacks
  let indent: number;
  let at: number;
  if (parent === null && depth === 0) {
    const root = node;
    if (root !== null && root !== undefined && !(isMap(root) && !root.flow)) return null;
    indent = 0;
    at = text.length;
  } else {
    if (!isMap(parent) || parent.flow || parent.items.length === 0) return null;
    const firstKey = parent.items[0].key as Node | null;
    const last = parent.items[parent.items.length - 1];
    const lastNode = (last.value ?? last.key) as Node | null;
    if (!firstKey?.range || !lastNode?.range) return null;
    indent = firstKey.range[0] - lineStart(text, firstKey.range[0]);
    at = lineEnd(text, lastNode.range[1]);
    at = at < text.length ? at + 1 : at;
  }
  const lines = rest.map((key, i) => {
    const pad = ' '.repeat(indent + 2 * i);
    return i === rest.length - 1 ? `${pad}${String(key)}: ${value} # ${oneLine(comment)}; not in the file before` : `${pad}${String(key)}:`;
  });
  const before = text.slice(0, at);
  const sep = before.length > 0 && !before.endsWith('\n') ? '\n' : '';
  return `${before}${sep}${lines.join('\n')}\n${text.slice(at)}`;
}

/** Fallback: set the value through the Document API (comments kept, some lines may reflow). */
function viaDocument(text: string, parts: readonly (string | number)[], e: ScenarioEdit): string {
  const doc = parseDocument(text);
  doc.setIn(parts, e.value);
  const node = doc.getIn(parts, true);
  if (isScalar(node)) node.comment = ` ${oneLine(e.comment)}`;
  return doc.toString();
}
