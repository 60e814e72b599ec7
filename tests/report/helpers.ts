/** Helpers for report tests: PNG sizes, stats of synthetic data. */

/** Width and height from a PNG's IHDR chunk; fails if the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => png[i] === b)) throw new Error('not a PNG (bad signature)');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(...png.slice(12, 16)) !== 'IHDR') throw new Error('not a PNG (no IHDR first)');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
