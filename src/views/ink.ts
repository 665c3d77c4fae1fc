// ink is an ES module with top-level await: the CommonJS start-up bundle
// cannot require() it, so a view is loaded through here, which imports ink
// first and leaves it where the bundle's views read it (rolldown.config.mjs
// rewrites their `require("ink")`). Outside the bundle the global is unused.
const INK = Symbol.for('xlsim.ink')

/** load() (a view's import()) once ink is loaded. */
export async function withInk<T>(load: () => Promise<T>): Promise<T> {
  const g = globalThis as {[INK]?: unknown}
  g[INK] ??= await import('ink')
  return load()
}
