// Build step: run a few commands once so that bin/code-cache.js writes V8's
// code cache of the bundle's files (dist/bundle/*.cjs.v8) with the functions
// those commands compile: the dispatcher and state (every command), a
// command that reads the host, one that changes it, and an oclif command.
// Any other file gets its cache the first time it runs.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

const root = resolve(import.meta.dirname, '..', '..', '..')
const dir = mkdtempSync(join(tmpdir(), 'xlsim-warm-'))
try {
  const state = join(dir, 'host.db')
  for (const argv of [['list'], ['create', '/dev/null', 'name="warm"', 'memory=64', 'kernel="linux-6.1"'], ['list'], ['host', 'show']]) {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), '--state', state, ...argv], {stdio: 'ignore'})
    if (r.status !== 0) throw new Error(`xl ${argv.join(' ')}: exit ${r.status}`)
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
