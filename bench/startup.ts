// Start-up cost of one xl process against bare `node -e 0` (the floor of any
// Node CLI), measured interleaved in one run so machine load affects both.
import {spawnSync} from 'node:child_process'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

export const BIN = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../bin/run.js' : '../bin/run.js', import.meta.url))

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now()
  const r = spawnSync(process.execPath, args, {env, stdio: 'ignore'})
  if (r.status !== 0 && args[0] !== '-e') throw new Error(`${args.join(' ')} exited ${r.status}`)
  return performance.now() - t
}

/** The command lines of one figure for run number `run`, and extra environment if any. */
export type StartupCase = ((run: number) => string[][]) | {lines: (run: number) => string[][]; env: Record<string, string>}

/** Median ms of each command line and of bare node, runs interleaved. */
export function startupRatios(cases: Record<string, StartupCase>, state: string, runs = 9): Record<string, {ms: number; ratio: number}> & {node: {ms: number; ratio: number}} {
  const env = {...process.env, XLSIM_STATE: state}
  const samples: Record<string, number[]> = {node: []}
  for (const k of Object.keys(cases)) samples[k] = []
  for (let i = 0; i < runs; i++) {
    samples.node.push(timed(['-e', '0'], env))
    for (const [k, c] of Object.entries(cases)) {
      const {lines, env: extra} = typeof c === 'function' ? {lines: c, env: {}} : c
      let ms = 0
      for (const line of lines(i)) ms += timed([BIN, ...line], {...env, ...extra})
      samples[k].push(ms)
    }
  }
  const floor = median(samples.node)
  const out = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, {ms: median(xs), ratio: median(xs) / floor}]))
  return out as Record<string, {ms: number; ratio: number}> & {node: {ms: number; ratio: number}}
}

/**
 * What start-up compiles, from the bundle (dist/bundle): the dispatcher's
 * chunk every command loads, and the share of the real xl commands' own
 * code `xl list` loads (its chunk, of every command's chunk). The table
 * loads a command's file only when it runs, so adding commands adds to
 * the second sum only.
 */
export function startupCode(): {coreKiB: number; listShare: number} {
  const dir = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../bundle' : '../dist/bundle', import.meta.url))
  const size = (f: string) => statSync(join(dir, f)).size
  const files = readdirSync(dir).filter(f => f.endsWith('.cjs'))
  const core = files.find(f => f.startsWith('core-'))!
  // A command's chunk is the one each lazy('name', ...) entry of the dispatcher's table requires.
  const names = [...readFileSync(join(dir, core), 'utf8').matchAll(/lazy\("([\w-]+)", \(\) => [^\n]*?require\("\.\/([^"]+\.cjs)"\)/g)]
  if (names.length < 20) throw new Error(`found ${names.length} lazy commands in ${core}`)
  const all = names.reduce((a, m) => a + size(m[2]!), 0)
  const list = names.find(m => m[1] === 'list')!
  return {coreKiB: size(core) / 1024, listShare: size(list[2]!) / all}
}
