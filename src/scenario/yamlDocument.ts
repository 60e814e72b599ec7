/**
 * parseDocument made safe and clear for govbuy's files (scenarios, experiments, targets, --set
 * values). Every problem lands in `doc.errors` with its position, so callers report them as
 * before; after a clean parse, `doc.toJS()` is bounded in time and memory.
 *
 * - Duplicate keys are reported in linear time. The yaml package's own `uniqueKeys` check
 *   compares each key with every earlier key of its mapping, so a file of tens of thousands of
 *   distinct keys (well under the 5 MB cap) took minutes; here each mapping's keys go into a Set
 *   (DUPLICATE_KEY, "Map keys must be unique", at the repeated key).
 * - Aliases are expanded against a budget before anything is built: an anchor used inside its
 *   own value (`name: &a [*a, *a]`, which the package would expand forever) is refused, and so
 *   is a document whose aliases would add more than MAX_ALIAS_NODES values (billion laughs),
 *   counted in linear time by node, not by alias.
 * - Line ends of a lone CR (classic Mac) are line breaks, as YAML says; the package reads them
 *   as spaces ("Nested mappings are not allowed…"). They become LF, one character for one, so
 *   every position stays where it was.
 * - A second document, and tags that build sets, ordered maps, binary or timestamps (values no
 *   govbuy file holds), are refused with a message saying what to write instead.
 * Pure.
 */
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, visit, YAMLParseError, type Alias, type Document, type DocumentOptions, type Node, type ParseOptions, type SchemaOptions } from 'yaml';

export type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** Most values aliases may add to a document (each alias counts every value it stands for). */
export const MAX_ALIAS_NODES = 100_000;

/** Tags of the YAML core schema; any other explicit tag is refused. */
const CORE_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

function tagAdvice(tag: string): string {
  const short = tag.replace(/^tag:yaml\.org,2002:/, '!!');
  if (short === '!!set') return `the YAML tag !!set makes a set, which govbuy files do not use; write a list instead, e.g. [a, b]`;
  if (short === '!!omap' || short === '!!pairs') return `the YAML tag ${short} makes an ordered list of pairs, which govbuy files do not use; write a plain mapping instead, e.g. {a: 1, b: 2}`;
  if (short === '!!binary') return 'the YAML tag !!binary makes bytes, which govbuy files do not use; remove the tag';
  if (short === '!!timestamp') return 'the YAML tag !!timestamp makes a date, which govbuy files do not use; write the year as a number';
  return `the YAML tag ${short} is not supported in govbuy files; remove it and write a plain value, list or mapping`;
}

export function parseYamlDocument(text: string, options: Omit<YamlOptions, 'uniqueKeys'> = {}): Document.Parsed {
  // A lone CR is a line break in YAML; the package would read it as a space.
  if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
  const doc = parseDocument(text, { ...options, uniqueKeys: false });
  for (const e of doc.errors) {
    if (e.code === 'MULTIPLE_DOCS')
      e.message = 'a second YAML document starts here (after a line "---" or "..."); a govbuy file holds one document: remove the second one, or put it in a file of its own';
  }
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
    return doc;
  }
  if (doc.errors.length === 0) checkNodes(doc);
  return doc;
}

/** Children of a node, in document order (a pair's key, then its value). */
function childrenOf(node: unknown): unknown[] {
  if (isCollection(node)) return (node.items as unknown[]).flatMap((item) => (isPair(item) ? [item.key, item.value] : [item]));
  return [];
}

/**
 * Unsupported tags, and aliases checked against the budget: every alias resolved to the anchor
 * defined last before it (as YAML says), an alias inside its own anchor's value refused, and
 * the values all aliases stand for counted (memoised per node, so linear in the document).
 * Iterative: the document may be nested deeply.
 */
function checkNodes(doc: Document.Parsed): void {
  const error = (node: unknown, code: 'BAD_ALIAS' | 'TAG_RESOLVE_FAILED', message: string) => {
    const at = (node as Node | null)?.range?.[0] ?? 0;
    doc.errors.push(new YAMLParseError([at, at + 1], code, message));
  };
  // Pass 1, document order: anchors as they are defined, each alias's target, unsupported tags.
  const anchors = new Map<string, Node>();
  const target = new Map<Alias, Node>();
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!node || typeof node !== 'object') continue;
    const n = node as Node;
    if (isAlias(n)) {
      const t = anchors.get(n.source);
      if (t) target.set(n, t);
      continue;
    }
    if (n.anchor) anchors.set(n.anchor, n);
    if (n.tag && !CORE_TAGS.has(n.tag)) {
      error(n, 'TAG_RESOLVE_FAILED', tagAdvice(n.tag));
      return;
    }
    const children = childrenOf(n);
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  if (target.size === 0) return;
  // Pass 2: the number of values each node stands for, aliases expanded; a cycle is an alias
  // whose target is still being counted.
  const size = new Map<unknown, number>();
  const onStack = new Set<unknown>();
  const stack: { node: unknown; children: unknown[]; next: number; total: number }[] = [];
  let own = 0;
  const enter = (node: unknown) => {
    const resolved = isAlias(node) ? target.get(node) : node;
    stack.push({ node: resolved, children: childrenOf(resolved), next: 0, total: 1 });
    onStack.add(resolved);
  };
  enter(doc.contents);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      own++; // every node as written, an alias as one
      const resolved = isAlias(child) ? target.get(child) : child;
      if (!resolved || typeof resolved !== 'object') {
        frame.total++;
        continue;
      }
      if (onStack.has(resolved)) {
        error(child, 'BAD_ALIAS', `the alias *${(child as Alias).source} is inside the value of its own anchor &${(child as Alias).source}, which would make it endless; write the values out instead`);
        return;
      }
      const known = size.get(resolved);
      if (known !== undefined) frame.total += known;
      else enter(child);
      continue;
    }
    stack.pop();
    onStack.delete(frame.node);
    size.set(frame.node, frame.total);
    if (stack.length > 0) stack[stack.length - 1].total += frame.total;
    // Values the aliases add: everything counted, less the nodes written (and the root).
    if (stack.length === 0 && frame.total - own - 1 > MAX_ALIAS_NODES) {
      error(doc.contents, 'BAD_ALIAS', `the aliases (*name) in this file stand for more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} values in all; write the values out, or use fewer aliases`);
      return;
    }
  }
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
