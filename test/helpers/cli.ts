// Spawn the real built CLI (bin/run.js) against a temporary state file.
import {afterEach, expect} from 'vitest'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, writeFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..', '..')
export const BIN = join(ROOT, 'bin', 'run.js')

export interface Result {
  stdout: string
  stderr: string
  code: number
}

export interface TempHost {
  dir: string
  state: string
  /** Run `xl <args>` against this host's state file. */
  xl(...args: string[]): Result
  /** Run with stdin text. */
  xlInput(input: string, ...args: string[]): Result
  /** Write a file in the temp dir and return its path. */
  file(name: string, text: string): string
  cleanup(): void
}

export function runXl(args: string[], env: Record<string, string> = {}, input?: string): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8', input, maxBuffer: 1 << 28,
    env: {...process.env, XLSIM_STATE: '', XDG_STATE_HOME: env.XDG_STATE_HOME ?? join(tmpdir(), 'xlsim-test-never'), ...env},
  })
  return {stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1}
}

export function tempHost(): TempHost {
  const dir = mkdtempSync(join(tmpdir(), 'xlsim-'))
  const state = join(dir, 'host.db')
  const env = {XLSIM_STATE: state}
  return {
    dir, state,
    xl: (...args) => runXl(args, env),
    xlInput: (input, ...args) => runXl(args, env, input),
    file(name, text) {
      const p = join(dir, name)
      writeFileSync(p, text)
      return p
    },
    cleanup: () => rmSync(dir, {recursive: true, force: true}),
  }
}

/** A guest config file body. */
export function cfg(fields: Record<string, string | number>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? v : JSON.stringify(v)}\n`)
    .join('')
}

/**
 * Temporary hosts for one test file: call at the top of the file; each
 * call of the function it returns makes a host that is removed after the
 * test that made it.
 */
export function tempHosts(): () => TempHost {
  let hosts: TempHost[] = []
  afterEach(() => {
    for (const h of hosts) h.cleanup()
    hosts = []
  })
  return () => {
    const h = tempHost()
    hosts.push(h)
    return h
  }
}

/** Run a scenario through one `xl shell` process, which must succeed; returns its stdout. */
export function shellScenario(h: TempHost, lines: readonly string[]): string {
  const r = h.xlInput(lines.join('\n') + '\n', 'shell')
  expect(r.code, r.stderr).toBe(0)
  return r.stdout
}
