// The start-up bundle: xl's dispatcher (src/xl/main.ts) and every real xl
// command from tsc's output in dist/, as a few files instead of ~100 ES
// modules (Node 20 has no compile cache, and loading each module costs about
// a millisecond), and xlsim's oclif commands as one small entry each
// (dist/bundle/commands, where oclif's manifest points) over the same chunk.
// Packages stay external except better-sqlite3's JavaScript (a dozen
// CommonJS files every command loads; its native addon is still loaded from
// node_modules, see state/store.ts). @oclif/core is only imported by the
// oclif side (its own chunk), never by the chunk real xl commands load.
import {readdirSync} from 'node:fs'
import {isBuiltin} from 'node:module'
import {join, relative} from 'node:path'
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

export default defineConfig({
  input: {xl: 'dist/src/xl/main.js', ...commandEntries('dist/commands')},
  platform: 'node',
  // Bare imports from our code stay external except better-sqlite3 and
  // @oclif/core, whose own imports are bundled with them (oclif is ~100
  // CommonJS files and a dozen packages: loading them one by one cost more
  // than starting Node).
  // typescript is what oclif would use to run .ts commands (never here).
  external: (id, importer) => isBuiltin(id) || /^(typescript|ts-node|tsx)(\/|$)/.test(id) || (!id.startsWith('.') && !id.startsWith('/') && !/[\\/]node_modules[\\/]/.test(importer ?? '') &&
    !/^(better-sqlite3|@oclif\/core)(\/|$)/.test(id)),
  output: {
    dir: 'dist/bundle', format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs', cleanDir: true,
    // One chunk for everything a short command can need (a chunk per shared
    // module would cost a file load each); the full-screen views, the shell,
    // the model checker and the oclif side stay separate, loaded on demand.
    codeSplitting: {groups: [
      {name: 'oclif', priority: 1, test: /[\\/]src[\\/]cli[\\/](xlsim-command|oclif-run)\.js$/},
      {name: 'core', priority: 2, test: id => !/[\\/]src[\\/](views|checker|shell)[\\/]|[\\/]dist[\\/]commands[\\/]|[\\/]src[\\/]cli[\\/](xlsim-command|oclif-run)\.js$|[\\/]node_modules[\\/](?!(better-sqlite3|bindings|file-uri-to-path)[\\/])/.test(id)},
    ]},
  },
})
