// `xl shell` benchmark (target: 200 commands through one shell
// process at least 10x faster than 200 `xl` processes).
//   npx tsc -p . && node dist/bench/shell.js [commands, default 200]
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {tokenize} from '../src/shell/tokenize.js'

/** bin/run.js, from dist/bench/ or bench/. */
const BIN = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../bin/run.js' : '../bin/run.js', import.meta.url))

function env(stateFile: string): NodeJS.ProcessEnv {
  return {...process.env, XLSIM_STATE: stateFile}
}

/** Wall time of `commands` through one `xl shell` (stdin) vs one `xl` process each. */
export async function benchShell(stateFile: string, commands: string[]): Promise<{shellMs: number; processesMs: number}> {
  const t0 = performance.now()
  const code = await new Promise<number>((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, 'shell', '--keep-going'], {env: env(stateFile), stdio: ['pipe', 'ignore', 'ignore']})
    p.on('error', reject)
    p.on('close', c => resolve(c ?? -1))
    p.stdin.end(commands.map(c => `${c}\n`).join(''))
  })
  const shellMs = performance.now() - t0
  if (code !== 0) throw new Error(`xl shell exited with ${code}`)

  const t1 = performance.now()
  for (const c of commands) {
    const t = tokenize(c)
    if (!t.ok) throw new Error(`${c}: ${t.error}`)
    spawnSync(process.execPath, [BIN, ...t.words], {env: env(stateFile), stdio: 'ignore'})
  }
  return {shellMs, processesMs: performance.now() - t1}
}

/** A mix of everyday read-only commands. */
export function sampleCommands(n: number): string[] {
  const mix = ['list', 'vm-assist Domain-0', 'info', 'vcpu-list', 'uptime', 'domid Domain-0', 'runstate Domain-0', 'list -v']
  return Array.from({length: n}, (_, i) => mix[i % mix.length])
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 200)
  const dir = mkdtempSync(join(tmpdir(), 'xlsim-bench-'))
  try {
    const state = join(dir, 'host.db')
    spawnSync(process.execPath, [BIN, 'host', 'init', '--force', '--clock', 'manual'], {env: env(state), stdio: 'ignore'})
    const r = await benchShell(state, sampleCommands(n))
    const ratio = r.processesMs / r.shellMs
    console.log(`${n} commands: shell ${r.shellMs.toFixed(0)} ms (${(r.shellMs / n).toFixed(1)} ms/cmd), ` +
      `processes ${r.processesMs.toFixed(0)} ms (${(r.processesMs / n).toFixed(1)} ms/cmd): ${ratio.toFixed(1)}x ${ratio >= 10 ? '(target 10x met)' : '(target 10x NOT met)'}`)
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
