/**
 * import() of an npm package that only some commands load (vega and vega-lite, the parquet writer,
 * qrcode, esbuild). Always go through here rather than import() a package directly.
 *
 * Why: the build govbuy runs is one CommonJS script loaded from V8's code cache
 * (scripts/codeCache.mjs), and in Node 20 a function loaded from a code cache cannot call
 * import() (Node cannot tell V8 how to load the module: "A dynamic import callback was not
 * specified"). The loader provides an import of its own under PROVIDED_IMPORT; run from the
 * sources, in worker threads or in tests, it is absent and import() is used. Both resolve the name
 * from the package's own node_modules.
 */
export const PROVIDED_IMPORT = Symbol.for('govbuy.importPackage');

type Import = (name: string) => Promise<unknown>;

export function importPackage<T>(name: string): Promise<T> {
  const provided = (globalThis as { [PROVIDED_IMPORT]?: Import })[PROVIDED_IMPORT];
  return (provided ? provided(name) : import(name)) as Promise<T>;
}
