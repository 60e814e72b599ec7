/**
 * Fault injection for tests: every write step of a results folder calls `faultPoint(step, path)`
 * first. With no hook installed (always, outside tests) it does nothing. A test installs a hook
 * that throws at a chosen step — an errno error (ENOSPC, EROFS) to act out a full or read-only
 * disk, or a "crash" after copying the folder as it is at that moment, which is exactly what
 * kill -9 at that step would leave behind. Steps are named `<what>.<phase>`, e.g.
 * `series.rename`, `journal.append`, `manifest.write`.
 */

export type FaultHook = (step: string, path: string) => void;

let hook: FaultHook | null = null;

/** Install (or with null, remove) the test hook. */
export function setFaultHook(h: FaultHook | null): void {
  hook = h;
}

export function faultPoint(step: string, path: string): void {
  if (hook !== null) hook(step, path);
}
