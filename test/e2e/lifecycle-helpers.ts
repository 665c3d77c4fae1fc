// Helpers for the lifecycle command tests: a prepared x86 host, parallel
// spawns of the built CLI (independent checks run at once), sample files
// and masks for host-specific columns.
import {spawn, spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {BIN, cfg, tempHost, type Result, type TempHost} from '../helpers/cli.js'

import {XEN_417_FIXTURES as SAMPLES} from '../helpers/fixtures.js'

export interface Sample {
  cmd: string
  out: string
  err: string
  rc: number
}

export function sample(dir: string, name: string): Sample {
  const f = (ext: string) => readFileSync(join(SAMPLES, dir, `${name}.${ext}`), 'utf8')
  return {cmd: f('cmd').trim(), out: f('out'), err: f('err'), rc: Number(f('rc').trim())}
}

/** Run `xl <args>` asynchronously against a state file (for checks that may run in parallel). */
export function xlAsync(state: string, ...args: string[]): Promise<Result> {
  return new Promise(resolve => {
    const p = spawn(process.execPath, [BIN, ...args], {env: {...process.env, XLSIM_STATE: state}})
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', d => (stdout += d))
    p.stderr.on('data', d => (stderr += d))
    p.on('close', code => resolve({stdout, stderr, code: code ?? -1}))
  })
}

/** Run several independent command lines at once; results in order. */
export function xlAll(state: string, lines: string[][]): Promise<Result[]> {
  return Promise.all(lines.map(l => xlAsync(state, ...l)))
}

/** A fresh x86 host with 2 pCPUs and a manual clock, and guest config files. */
export function x86Host(sched: 'credit' | 'credit2' = 'credit2'): TempHost & {guest(name: string, extra?: Record<string, string | number>): string} {
  const h = tempHost()
  const r = h.xl('host', 'init', '--force', '--arch', 'x86_64', '--sched', sched, '--cpus', '2', '--clock', 'manual', '--dom0-kernel', 'linux-6.1')
  if (r.code !== 0) throw new Error(`host init failed: ${r.stderr}`)
  return {
    ...h,
    guest: (name, extra = {}) => h.file(`${name}.cfg`, cfg({name, kernel: 'linux-6.1', memory: 128, vcpus: 2, ...extra})),
  }
}

/**
 * vcpu-list rows: mask the CPU column, the state letters and the time
 * (print_vcpuinfo's fixed columns), keeping every width.
 */
export function maskVcpuList(text: string): string {
  return text.split('\n').map((l, i) => {
    if (i === 0 || l.length < 65) return l
    let s = l
    if (/^ *\d+$/.test(s.slice(44, 49))) s = s.slice(0, 44) + 'CCCCC' + s.slice(49)
    if (/^[-r][-b][-p]$/.test(s.slice(52, 55))) s = s.slice(0, 52) + 'SSS' + s.slice(55)
    if (/^ *\d+\.\d$/.test(s.slice(56, 65))) s = s.slice(0, 56) + 'TTTTTTTTT' + s.slice(65)
    return s
  }).join('\n')
}

/** xl info: mask the values of host-specific keys. */
export function maskInfo(text: string): string {
  const masked = new Set(['total_memory', 'free_memory', 'cc_compiler', 'cc_compile_by', 'cc_compile_domain', 'cc_compile_date', 'build_id'])
  return text.split('\n').map(l => {
    const key = l.slice(0, 23).trim()
    return masked.has(key) ? `${l.slice(0, 25)}<masked>` : l
  }).join('\n')
}

/** xl uptime rows: mask the uptime after the `%-33s %4d ` columns. */
export function maskUptime(text: string): string {
  return text.split('\n').map((l, i) => (i === 0 || l === '' ? l : `${l.slice(0, 39)}<uptime>`)).join('\n')
}

/** Does the global layer pass --json through to the command (xl's getopt table has no --json)? */
export async function jsonSupported(state: string): Promise<boolean> {
  return (await xlAsync(state, 'list', '--json')).code === 0
}

/**
 * Run many command lines in one spawned process (batch-runner.mjs), in
 * order, against the state file; each result is what that command line
 * printed and returned.
 */
export function xlBatch(state: string, lines: string[][]): Result[] {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'helpers', 'batch-runner.mjs')], {
    input: JSON.stringify(lines), encoding: 'utf8', env: {...process.env, XLSIM_STATE: state},
    maxBuffer: 64 * 1024 * 1024,
  })
  if (r.status !== 0) throw new Error(`batch runner failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as Result[]
}

/** Named steps for xlBatch: run them in order, look results up by name. */
export function runSteps(state: string, steps: [string, ...string[]][]): Record<string, Result> {
  const results = xlBatch(state, steps.map(([, ...argv]) => argv))
  const out: Record<string, Result> = {}
  steps.forEach(([name], i) => {
    if (name in out) throw new Error(`duplicate step ${name}`)
    out[name] = results[i]!
  })
  return out
}

export const err = (stderr: string, code = 1): Result => ({stdout: '', stderr, code})
export const ok = (stdout = ''): Result => ({stdout, stderr: '', code: 0})
