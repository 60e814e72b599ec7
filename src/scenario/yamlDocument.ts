/**
 * parseDocument with duplicate keys reported in linear time. The yaml package's own
 * `uniqueKeys` check compares each key with every earlier key of its mapping, so a file of
 * tens of thousands of distinct keys (well under the 5 MB cap) took minutes, and a few MB
 * hours; here each mapping's keys go into a Set. The error is the package's own
 * (DUPLICATE_KEY, "Map keys must be unique", at the repeated key), so callers read
 * `doc.errors` as before. Pure.
 */
import { isScalar, parseDocument, visit, YAMLParseError, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

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
