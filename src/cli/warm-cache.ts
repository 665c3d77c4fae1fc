// Build step: run a few commands once so that bin/code-cache.js writes V8's
// code cache of the bundle's files (dist/bundle/*.cjs.v8) with the functions
// those commands compile: the dispatcher and state (every command), a
// command that reads the host, one that changes it, and an oclif command.
// Any other file gets its cache the first time it runs.
//
// A file's cache is written by the first process that loads it without
// one, with what that process compiled. So the host is made first with the
// cache off (booting a host is not what a command does), and xl list, xl
// create and xl list again run in one process: the dispatcher's, the views'
// and lib's caches hold what both commands compile, not what the first one
// to load the file happened to need.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

const root = resolve(import.meta.dirname, '..', '..', '..')
const bin = join(root, 'bin', 'run.js')
const dir = mkdtempSync(join(tmpdir(), 'xlsim-warm-'))

function run(args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(process.execPath, args, {stdio: 'ignore', env})
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}`)
}

try {
  const state = join(dir, 'host.db')
  run([bin, '--state', state, 'host', 'init', '--arch', 'x86_64', '--clock', 'manual'], {...process.env, XLSIM_CODE_CACHE: '0'})
  const lines = [['list'], ['create', '/dev/null', 'name="warm"', 'memory=64', 'kernel="linux-6.1"'], ['list']]
  run(['-e', `
    require(${JSON.stringify(join(root, 'bin', 'code-cache.js'))}).install()
    const {dispatch} = require(${JSON.stringify(join(root, 'dist', 'bundle', 'xl.cjs'))})
    const quiet = {stdout() {}, stderr() {}}
    ;(async () => {
      for (const argv of ${JSON.stringify(lines)}) {
        if (await dispatch(['--state', ${JSON.stringify(state)}, ...argv], ${JSON.stringify(pathToFileURL(bin).href)}, quiet) !== 0) process.exit(1)
      }
    })()`])
  run([bin, '--state', state, 'host', 'show'])
} finally {
  rmSync(dir, {recursive: true, force: true})
}
