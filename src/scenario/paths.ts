/**
 * Dotted parameter paths ("policies.payments.advanceShare"): reading and writing them in plain
 * scenario objects, for --set overrides and the policy schedule. Pure, no I/O.
 */

/** Keys that would reach into JavaScript's object machinery; never valid parameter names. */
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export function splitPath(path: string): string[] {
  const parts = path.split('.');
  if (parts.some((p) => p.length === 0)) throw new Error(`"${path}" is not a dotted path (empty part)`);
  for (const p of parts) if (FORBIDDEN.has(p)) throw new Error(`"${path}" uses the reserved name "${p}"`);
  return parts;
}

/** Set `value` at `path` in a plain object, creating intermediate objects. Array parts are indices. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = splitPath(path);
  let node: Record<string, unknown> = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i];
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next === undefined || next === null) {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    } else if (typeof next === 'object') {
      node = next as Record<string, unknown>;
    } else {
      throw new Error(`"${parts.slice(0, i + 1).join('.')}" is a value (${JSON.stringify(next)}), not a section`);
    }
  }
  node[parts[parts.length - 1]] = value;
}

/** Read the value at `path`, or undefined. */
export function getPath(source: unknown, path: string): unknown {
  let node = source;
  for (const key of splitPath(path)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Top-level sections a schedule may change during a run (the region and the clock are fixed). */
export const SCHEDULABLE_SECTIONS = ['policies', 'governments', 'labour', 'residents', 'organizations', 'committees', 'domains'] as const;
