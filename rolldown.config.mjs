// The start-up bundle: xl's dispatcher and every command definition from
// tsc's output in dist/, as a few files instead of ~100 ES modules (Node 20
// has no compile cache, and loading each module costs about a millisecond).
// Commands stay lazily loaded chunks; packages stay external.
import {defineConfig} from 'rolldown'

export default defineConfig({
  input: {xl: 'dist/src/cli/main.js'},
  platform: 'node',
  external: id => !id.startsWith('.') && !id.startsWith('/'),
  output: {dir: 'dist/bundle', format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs', cleanDir: true},
})
