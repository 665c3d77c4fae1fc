// The start-up bundle: xl's dispatcher and every command definition from
// tsc's output in dist/, as a few files instead of ~100 ES modules (Node 20
// has no compile cache, and loading each module costs about a millisecond).
// Commands stay lazily loaded chunks; packages stay external except
// better-sqlite3's JavaScript (a dozen CommonJS files every command loads;
// its native addon is still loaded from node_modules, see state/store.ts).
import {defineConfig} from 'rolldown'

export default defineConfig({
  input: {xl: 'dist/src/cli/main.js'},
  platform: 'node',
  external: id => !id.startsWith('.') && !id.startsWith('/') && !/^(better-sqlite3|bindings|file-uri-to-path)/.test(id),
  output: {
    dir: 'dist/bundle', format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs', cleanDir: true,
    // One chunk for everything a short command can need (a chunk per shared
    // module would cost a file load each); the full-screen views, the shell's
    // terminal prompt and the model checker stay separate, loaded on demand.
    codeSplitting: {groups: [{name: 'core', test: id => !/[\\/]src[\\/](views|checker|shell)[\\/]|[\\/]commands[\\/](top|shell|run|runstate[\\/]check)\.js$/.test(id)}]},
  },
})
