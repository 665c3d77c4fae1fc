// Start-up cost of one xl process against bare `node -e 0` (the floor of any
// Node CLI), measured interleaved in one run so machine load affects both.
import {spawnSync} from 'node:child_process'
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
