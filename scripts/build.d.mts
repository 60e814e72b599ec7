/** Types of scripts/build.mjs (plain JavaScript, so that bin/govbuy.js runs it without a compiler). */
export declare const ROOT: string;
export declare const WORKER_ENTRIES: readonly string[];
export declare class BuildError extends Error {}
export interface BuildStatus {
  /** The current build's directory (absolute), or null when there is none. */
  dir: string | null;
  /** Why the build is not up to date ("src/x.ts changed"), or null when it is. */
  stale: string | null;
}
export declare function buildStatus(root?: string): BuildStatus;
/** `cacheNote`: why the build has no code cache, when it has none. */
export declare function build(root?: string): Promise<{ dir: string; ms: number; cacheNote: string | null }>;
export declare function ensureBuilt(options?: { root?: string; note?: (line: string) => void }): Promise<string>;
/** `code` with the non-ASCII characters of its comments escaped, or unchanged when any is elsewhere. */
export declare function asciiScript(esbuild: { transformSync(code: string, options: object): { code: string } }, code: string): string;
