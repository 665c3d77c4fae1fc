// V8's code cache for the bundle's own files (dist/bundle/*.cjs): Node 20
// compiles every CommonJS file from source on each start, which for the
// dispatcher's chunk cost about as much as the rest of a command. Each file
// is compiled here through vm.Script with the code V8 produced for it last
// time (<file>.v8, beside it); when there is none, or V8 rejects it (another
// Node version, other V8 flags, a rebuilt file), the file compiles as usual
// and its cache is written when the process exits, with every function the
// command compiled (`npm run build` runs a few commands to write them). The
// cache only ever saves compiling: a missing, stale or damaged one changes
// nothing but the time.
'use strict'
const Module = require('node:module')
const vm = require('node:vm')
const {closeSync, openSync, readFileSync, renameSync, rmSync, writeSync} = require('node:fs')
const {dirname, join} = require('node:path')

const BUNDLE = join(__dirname, '..', 'dist', 'bundle')
/** Scripts compiled without a usable cache, written at exit. */
const stale = new Map()
const plain = Module._extensions['.js']

function compile(module, filename) {
  if (!filename.startsWith(BUNDLE)) return plain(module, filename)
  const source = readFileSync(filename, 'utf8')
  const cachePath = `${filename}.v8`
  let cachedData
  try {
    cachedData = readFileSync(cachePath)
  } catch {
    cachedData = undefined
  }
  // The wrapper Node's own loader puts around a CommonJS file.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename, cachedData,
  })
  if (cachedData === undefined || script.cachedDataRejected) stale.set(cachePath, script)
  const fn = script.runInThisContext({displayErrors: true})
  fn.call(module.exports, module.exports, Module.createRequire(filename), module, filename, dirname(filename))
}

function writeStale() {
  for (const [path, script] of stale) {
    const tmp = `${path}.${process.pid}.tmp`
    try {
      const fd = openSync(tmp, 'w')
      try {
        writeSync(fd, script.createCachedData())
      } finally {
        closeSync(fd)
      }
      renameSync(tmp, path)
    } catch {
      // A read-only install: compile from source, as Node would.
      rmSync(tmp, {force: true})
    }
  }
}

/** From now on the bundle's .cjs files load through the cache. */
function install() {
  if (process.env.XLSIM_CODE_CACHE === '0') return
  // import() in code vm.Script compiled has no loader to call: the bundle calls this one (rolldown.config.mjs).
  globalThis[Symbol.for('xlsim.import')] = specifier => import(specifier)
  Module._extensions['.cjs'] = compile
  process.on('exit', writeStale)
}

module.exports = {install}
