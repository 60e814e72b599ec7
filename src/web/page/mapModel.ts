/**
 * The map of the place, as data: communities as square tiles grouped in blocks by street (blocks
 * in a near-square grid, tiles in a near-square grid inside each block), organizations as dots
 * in their street's block at a position fixed by their id, and a month's colours and dots from
 * the map frames a run recorded (protocol.ts). The model places organizations by street, not by
 * community, so a dot's place inside its block carries no meaning. Pure.
 */
import type { MapFrames } from './protocol.ts';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MapLayout {
  width: number;
  height: number;
  /** Per community. */
  tiles: Rect[];
  /** Per street. */
  blocks: Rect[];
}

const GAP = 0.25; // gap between blocks, in tiles

/** Columns of a near-square grid of `n` cells whose cells are `aspect` times as wide as tall. */
function columnsFor(n: number, aspect = 1): number {
  return Math.max(1, Math.ceil(Math.sqrt(n / aspect)));
}

/** Tiles for `streetOfCommunity` (community → street), `width` pixels wide. */
export function mapLayout(streetOfCommunity: ArrayLike<number>, streets: number, width: number): MapLayout {
  const members: number[][] = Array.from({ length: streets }, () => []);
  for (let c = 0; c < streetOfCommunity.length; c++) members[streetOfCommunity[c]].push(c);
  const perStreet = Math.max(1, ...members.map((m) => m.length));
  const inner = columnsFor(perStreet);
  const innerRows = Math.ceil(perStreet / inner);
  const blockW = inner + GAP;
  const blockH = innerRows + GAP;
  const outer = columnsFor(streets, blockW / blockH);
  const outerRows = Math.ceil(streets / outer);
  const tile = width / (outer * blockW);
  const tiles: Rect[] = new Array(streetOfCommunity.length);
  const blocks: Rect[] = [];
  members.forEach((communities, s) => {
    const bx = (s % outer) * blockW * tile;
    const by = Math.floor(s / outer) * blockH * tile;
    blocks.push({ x: bx, y: by, w: inner * tile, h: innerRows * tile });
    communities.forEach((c, i) => {
      tiles[c] = { x: bx + (i % inner) * tile, y: by + Math.floor(i / inner) * tile, w: tile * 0.92, h: tile * 0.92 };
    });
  });
  return { width, height: outerRows * blockH * tile, tiles, blocks };
}

/** A number in [0, 1) from an integer, the same on every machine (for dot positions). */
function hash01(n: number, salt: number): number {
  let h = Math.imul(n ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

export interface Dot {
  id: number;
  x: number;
  y: number;
  /** Radius in pixels. */
  r: number;
  status: number;
}

export interface MonthStats {
  /** Mean needs met over the communities with needs (NaN when none had any). */
  meanNeedsMet: number;
  meanResistance: number;
  /** Organizations alive, and formal ones (filed or registered). */
  orgs: number;
  formal: number;
}

export interface MapMonth extends MonthStats {
  /** Per community: needs met (NaN for none) and resistance. */
  needsMet: ArrayLike<number>;
  resistance: ArrayLike<number>;
  dots: Dot[];
}

/** A month index within the frames (a negative month is the last). */
export function clampMonth(frames: MapFrames, month: number): number {
  return month < 0 ? frames.months - 1 : Math.min(frames.months - 1, month);
}

/** What a month shows, in numbers. */
export function monthStats(frames: MapFrames, month: number): MonthStats {
  const n = frames.communities;
  const m = clampMonth(frames, month);
  let needsSum = 0;
  let needsCount = 0;
  let resistanceSum = 0;
  for (let c = 0; c < n; c++) {
    const x = frames.needsMet[m * n + c];
    if (!Number.isNaN(x)) {
      needsSum += x;
      needsCount++;
    }
    resistanceSum += frames.resistance[m * n + c];
  }
  let formal = 0;
  for (let k = frames.orgStart[m]; k < frames.orgStart[m + 1]; k++) if (frames.orgs[4 * k + 3] > 0) formal++;
  return { meanNeedsMet: needsCount > 0 ? needsSum / needsCount : NaN, meanResistance: n > 0 ? resistanceSum / n : NaN, orgs: frames.orgStart[m + 1] - frames.orgStart[m], formal };
}

/** A month of the frames, laid out on `layout`. */
export function mapMonth(frames: MapFrames, layout: MapLayout, month: number): MapMonth {
  const n = frames.communities;
  const m = clampMonth(frames, month);
  const tile = layout.tiles[0]?.w ?? 10;
  const dots: Dot[] = [];
  for (let k = frames.orgStart[m]; k < frames.orgStart[m + 1]; k++) {
    const [id, street, size, status] = [frames.orgs[4 * k], frames.orgs[4 * k + 1], frames.orgs[4 * k + 2], frames.orgs[4 * k + 3]];
    const block = layout.blocks[street];
    if (!block) continue;
    const r = Math.min(tile * 0.45, Math.max(1.5, Math.sqrt(Math.max(1, size)) * Math.max(1, tile / 14)));
    dots.push({ id, x: block.x + r + hash01(id, 1) * Math.max(0, block.w - 2 * r), y: block.y + r + hash01(id, 2) * Math.max(0, block.h - 2 * r), r, status });
  }
  return { ...monthStats(frames, m), needsMet: frames.needsMet.subarray(m * n, (m + 1) * n), resistance: frames.resistance.subarray(m * n, (m + 1) * n), dots };
}
