/**
 * parseDocument with duplicate keys reported in linear time. The yaml package's own
 * `uniqueKeys` check compares each key with every earlier key of its mapping, so a file of
 * tens of thousands of distinct keys (well under the 5 MB cap) took minutes, and a few MB
 * hours; here each mapping's keys go into a Set. The error is the package's own
 * (DUPLICATE_KEY, "Map keys must be unique", at the repeated key), so callers read
 * `doc.errors` as before. Pure.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, YAMLParseError, type Document, type DocumentOptions, type Node, type ParseOptions, type SchemaOptions } from 'yaml';

export type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

export function parseYamlDocument(text: string, options: Omit<YamlOptions, 'uniqueKeys'> = {}): Document.Parsed {
  const doc = parseDocument(text, { ...options, uniqueKeys: false });
  try {
    visit(doc, {
      Map(_, map) {
        const seen = new Set<unknown>();
        for (const pair of map.items) {
          // As the package's default check: scalar keys with the same value (collection keys are refused elsewhere).
          if (!isScalar(pair.key)) continue;
          const value = pair.key.value;
          if (!seen.has(value)) seen.add(value);
          else {
            const at = pair.key.range?.[0] ?? 0;
            doc.errors.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          }
        }
      },
    });
  } catch (err) {
    // A document nested deeper than the stack: the parser has already reported it (RESOURCE_EXHAUSTION).
    if (!(err instanceof RangeError)) throw err;
    if (!doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) doc.errors.push(new YAMLParseError([0, 1], 'RESOURCE_EXHAUSTION', 'Maximum call stack size exceeded'));
  }
  return doc;
}

/**
 * Offset in the text of the node at `path` (a key when `atKey`), or of the deepest node on the
 * way that exists; undefined for an empty document. For error messages that point at a line.
 */
export function offsetAt(doc: Document.Parsed, path: readonly (string | number)[], atKey = false): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = node && (node as Node).range ? (node as Node).range![0] : undefined;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const part = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) return best;
      const key = pair.key as Node;
      if (key.range) best = key.range[0];
      if (i === path.length - 1 && atKey) return best;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') node = node.items[part];
    else return best;
    const range = (node as Node | null)?.range;
    if (range && range[1] > range[0]) best = range[0];
    else if (!node) return best;
  }
  return best;
}
