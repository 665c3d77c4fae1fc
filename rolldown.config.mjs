// The start-up bundle: xl's dispatcher (src/xl/main.ts) from tsc's output in
// dist/, as a few CommonJS files instead of ~100 ES modules, and xlsim's
// oclif commands as one small entry each (dist/bundle/commands, where oclif's
// manifest points) over the same chunks.
//
// CommonJS, because bin/run.js compiles these files with V8's code cache
// (bin/code-cache.js): Node 20 has no compile cache for ES modules, and an
// ES entry alone costs more than the whole cache lookup (the ES loader, and
// each `import ... from 'node:fs'` building fs's full namespace, streams and
// all).
//
// Chunks: the dispatcher and what every command needs (state/, the
// hypervisor, libxl, ...) are the `core` chunk; each real xl command's own
// file (loaded on demand, src/xl/cmdtable.ts) is a chunk of its own with what
// only it uses, so start-up does not grow with the number of commands; the
// full-screen views, the shell, the model checker and the oclif side are
// separate, loaded on demand. Packages stay external except better-sqlite3's
// JavaScript (a dozen CommonJS files every command loads; its native addon
// is still loaded from node_modules, see state/store.ts) and @oclif/core,
// only imported by the oclif side (its own chunk).
import {readdirSync, readFileSync} from 'node:fs'
import {isBuiltin} from 'node:module'
import {dirname, join, relative, resolve} from 'node:path'
import {defineConfig} from 'rolldown'

function commandEntries(dir) {
  const out = {}
  for (const e of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (!e.isFile() || !e.name.endsWith('.js')) continue
    const file = join(e.parentPath, e.name)
    out[`commands/${relative('dist/commands', file).replace(/\.js$/, '')}`] = file
  }
  return out
}

/** The modules a file imports statically (tsc's output: `from '...'` and `import '...'`, not import()). */
function staticClosure(entry) {
  const seen = new Set()
  const visit = file => {
    if (seen.has(file)) return
    seen.add(file)
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s*(?:[\w$*{},\s]+from\s*)?'(\.{1,2}\/[^']+)'/gm)) visit(resolve(dirname(file), m[1]))
  }
  visit(resolve(entry))
  return seen
}

/** The real xl commands the table loads on demand (`lazy('name', () => import('./name.js'))`): a chunk each. */
const lazyCommands = new Set([...readFileSync('dist/src/xl/cmdtable.js', 'utf8').matchAll(/import\('\.\/([\w-]+)\.js'\)/g)].map(m => m[1]))
const isLazyCommand = id => {
  const m = /[\\/]dist[\\/]src[\\/]xl[\\/]([\w-]+)\.js$/.exec(id)
  return m !== null && lazyCommands.has(m[1])
}

/** What the dispatcher needs before it knows the command: the core chunk. */
const dispatcher = staticClosure('dist/src/xl/main.js')

/**
 * What the commands that show the host share (xl list, vcpu-list, info,
 * uptime, ...: the views of the host, xl's formatting, the domain config
 * view): a chunk of its own, so that they do not load libxl's operations,
 * the xl.cfg parser's users and the rest of `lib` that only the commands
 * changing the host need.
 */
const views = new Set(['dist/src/xl/views.js', 'dist/src/xl/format/index.js', 'dist/src/xl/config-view.js'].flatMap(f => [...staticClosure(f)]))

/**
 * What xl create needs beyond the dispatcher and the views (the xl.cfg
 * parser, its device specs, libxl's domain builder): a chunk of its own, so
 * that creating a domain does not load the rest of `lib` (save/restore,
 * migration, the trace and device commands, ...). The commands that also
 * parse a config load it beside `lib`.
 */
const create = new Set([...staticClosure('dist/src/xl/create.js')].filter(id => !dispatcher.has(id) && !views.has(id)))

/**
 * import() inside code that vm.Script compiled (bin/code-cache.js) has no
 * loader to call in Node 20: the bundle's dynamic imports that stay imports
 * (ink, oclif's plugins) go through the one bin/code-cache.js defines, or
 * Node's own when the bundle was loaded without it. And ink is an ES module
 * with top-level await, which require() cannot load: the views read it from
 * the global src/views/ink.ts fills (with import()) before a view's chunk is
 * loaded.
 */
const IMPORT = '(globalThis[Symbol.for("xlsim.import")] ?? (s => import(s)))('
const esmImports = {
  name: 'esm-imports',
  renderChunk(code) {
    const out = code.replaceAll('require("ink")', 'globalThis[Symbol.for("xlsim.ink")]').replace(/(?<![\w$.])import\((?!\))/g, IMPORT)
    return out === code ? null : out
  },
}

export default defineConfig({
  input: {xl: 'dist/src/xl/main.js', ...commandEntries('dist/commands')},
  platform: 'node',
  plugins: [esmImports],
  // Bare imports from our code stay external except better-sqlite3 and
  // @oclif/core, whose own imports are bundled with them (oclif is ~100
  // CommonJS files and a dozen packages: loading them one by one cost more
  // than starting Node).
  // typescript is what oclif would use to run .ts commands (never here).
  external: (id, importer) => isBuiltin(id) || /^(typescript|ts-node|tsx)(\/|$)/.test(id) || (!id.startsWith('.') && !id.startsWith('/') && !/[\\/]node_modules[\\/]/.test(importer ?? '') &&
    !/^(better-sqlite3|@oclif\/core)(\/|$)/.test(id)),
  output: {
    dir: 'dist/bundle', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs', cleanDir: true,
    codeSplitting: {groups: [
      {name: 'oclif', priority: 3, test: /[\\/]src[\\/]cli[\\/](xlsim-command|oclif-run)\.js$/},
      {name: 'core', priority: 4, test: id => dispatcher.has(id) || /[\\/]node_modules[\\/](better-sqlite3|bindings|file-uri-to-path)[\\/]/.test(id)},
      {name: 'views', priority: 2, test: id => views.has(id) && !dispatcher.has(id) && !isLazyCommand(id)},
      {name: 'xlcfg', priority: 2, test: id => create.has(id) && !isLazyCommand(id)},
      // What commands share beyond the dispatcher and the views (libxl, libxlu, ...): one file, not one per tiny module.
      // xl migrate's transport (src/xl/migrate-*.ts: pipes, node:os's errno table) stays with the migration commands.
      {name: 'lib', priority: 1, test: id => /[\\/]dist[\\/](src|state)[\\/]/.test(id) && !isLazyCommand(id) && !/[\\/]src[\\/](views[\\/](?!ink\.js$)|checker[\\/]|shell[\\/])|[\\/]src[\\/]cli[\\/](xlsim-command|oclif-run)\.js$|[\\/]src[\\/]xl[\\/]migrate-[\w-]+\.js$/.test(id)},
    ]},
  },
})
