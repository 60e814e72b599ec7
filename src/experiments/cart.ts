/**
 * A small classification tree (CART: Breiman, Friedman, Olshen & Stone 1984) as a cross-check
 * of PRIM in scenario discovery, as the EMA Workbench offers one: binary splits `x ≤ t` chosen
 * by the largest decrease in Gini impurity, thresholds halfway between neighbouring distinct
 * values; a node is split only while it is shallower than `maxDepth` and both children keep at
 * least `minLeaf` points. Each leaf is a box, with its coverage and density of the cases of
 * interest. Pure; written here because the npm CART packages do not expose leaves as boxes.
 */
import type { PrimData } from './prim.ts';

export interface CartOptions {
  maxDepth: number;
  /** Smallest leaf, in points. */
  minLeaf: number;
}

export interface CartNode {
  id: number;
  depth: number;
  n: number;
  /** Cases of interest in the node. */
  k: number;
  /** Per dimension [low, high] that leads here (−∞ / ∞ where no split bounds it). */
  limits: [number, number][];
  split?: { dimension: number; threshold: number; left: number; right: number };
}

export interface CartLeaf {
  node: number;
  n: number;
  k: number;
  coverage: number;
  density: number;
  limits: [number, number][];
}

export interface CartResult {
  nodes: CartNode[];
  leaves: CartLeaf[];
  /** Dimensions the tree splits on, in order of first use (breadth first). */
  splitDimensions: number[];
}

function gini(k: number, n: number): number {
  if (n === 0) return 0;
  const p = k / n;
  return 2 * p * (1 - p);
}

export function cart(data: PrimData, options: CartOptions): CartResult {
  const N = data.y.length;
  const dims = data.x.length;
  let cases = 0;
  for (const v of data.y) cases += v;
  const nodes: CartNode[] = [];
  const queue: { id: number; idx: Int32Array }[] = [];
  const make = (idx: Int32Array, depth: number, limits: [number, number][]): number => {
    let k = 0;
    for (let j = 0; j < idx.length; j++) k += data.y[idx[j]];
    nodes.push({ id: nodes.length, depth, n: idx.length, k, limits });
    queue.push({ id: nodes.length - 1, idx });
    return nodes.length - 1;
  };
  make(Int32Array.from({ length: N }, (_, i) => i), 0, Array.from({ length: dims }, () => [-Infinity, Infinity] as [number, number]));
  // Breadth first, so node ids and the order of split dimensions read top down.
  while (queue.length > 0) {
    const { id, idx } = queue.shift()!;
    const node = nodes[id];
    if (node.depth >= options.maxDepth || node.k === 0 || node.k === node.n || node.n < 2 * options.minLeaf) continue;
    const parent = gini(node.k, node.n) * node.n;
    let bestGain = 1e-12;
    let bestDim = -1;
    let bestT = 0;
    const order = new Int32Array(idx.length);
    for (let d = 0; d < dims; d++) {
      const col = data.x[d];
      order.set(idx);
      order.sort((a, b) => col[a] - col[b]);
      let kLeft = 0;
      for (let j = 0; j < order.length - 1; j++) {
        kLeft += data.y[order[j]];
        const nLeft = j + 1;
        if (nLeft < options.minLeaf || order.length - nLeft < options.minLeaf) continue;
        const a = col[order[j]];
        const b = col[order[j + 1]];
        if (a === b) continue;
        const impurity = gini(kLeft, nLeft) * nLeft + gini(node.k - kLeft, order.length - nLeft) * (order.length - nLeft);
        const gain = parent - impurity;
        if (gain > bestGain) {
          bestGain = gain;
          bestDim = d;
          bestT = (a + b) / 2;
        }
      }
    }
    if (bestDim < 0) continue;
    const col = data.x[bestDim];
    const leftIdx = idx.filter((i) => col[i] <= bestT);
    const rightIdx = idx.filter((i) => col[i] > bestT);
    const leftLimits = node.limits.map((l) => [l[0], l[1]] as [number, number]);
    leftLimits[bestDim][1] = Math.min(leftLimits[bestDim][1], bestT);
    const rightLimits = node.limits.map((l) => [l[0], l[1]] as [number, number]);
    rightLimits[bestDim][0] = Math.max(rightLimits[bestDim][0], bestT);
    const left = make(leftIdx, node.depth + 1, leftLimits);
    const right = make(rightIdx, node.depth + 1, rightLimits);
    node.split = { dimension: bestDim, threshold: bestT, left, right };
  }
  const leaves: CartLeaf[] = nodes
    .filter((n) => !n.split)
    .map((n) => ({ node: n.id, n: n.n, k: n.k, coverage: cases > 0 ? n.k / cases : 0, density: n.n > 0 ? n.k / n.n : 0, limits: n.limits }));
  const splitDimensions: number[] = [];
  for (const n of nodes) if (n.split && !splitDimensions.includes(n.split.dimension)) splitDimensions.push(n.split.dimension);
  return { nodes, leaves, splitDimensions };
}
