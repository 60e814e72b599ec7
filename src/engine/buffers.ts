/**
 * Typed arrays on plain or shared memory. A run split over worker threads (model/districts.ts)
 * keeps what the threads touch on SharedArrayBuffers, so they work on the same residents without
 * copying; every other run uses plain ArrayBuffers (a browser page without cross-origin
 * isolation has no SharedArrayBuffer at all).
 */
type TypedArrayConstructor<T> = { new (buffer: ArrayBufferLike): T; readonly BYTES_PER_ELEMENT: number };

export function allocate<T>(type: TypedArrayConstructor<T>, length: number, shared: boolean): T {
  const bytes = length * type.BYTES_PER_ELEMENT;
  return new type(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

/** Is this array on shared memory? */
export function isShared(array: { buffer: ArrayBufferLike }): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && array.buffer instanceof SharedArrayBuffer;
}
