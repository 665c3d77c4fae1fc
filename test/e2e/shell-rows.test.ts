// xl shell keeps the rows it decoded between commands (state/codec.ts,
// RowCache): each command must still see exactly the host a new xl process
// would, after a look that changed the host in memory without saving it
// and after another process wrote the file between two commands.
import {describe, expect, it} from 'vitest'
import {spawn} from 'node:child_process'
import {copyFileSync} from 'node:fs'
import {BIN, runXl, tempHosts, type TempHost} from '../helpers/cli.js'

const host = tempHosts()

/** A manual-clock host with three 2-vCPU guests. */
function guests(): TempHost {
  const h = host()
  expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '4').code).toBe(0)
  for (const g of ['g1', 'g2', 'g3']) expect(h.xl('create', '/dev/null', `name="${g}"`, 'memory=64', 'vcpus=2', 'kernel="linux-6.1"').code).toBe(0)
  return h
}

/**
 * One `xl shell` process driven a line at a time: `run` sends a command and
 * resolves with its output once the shell has finished it: a marker line
 * after it (`xl domid` of no such domain) fails. Its stderr goes into the
 * same pipe as its stdout (sh 2>&1), so the order of the two is kept.
 */
function driveShell(h: TempHost): {run(line: string): Promise<string>; close(): Promise<number>} {
  const p = spawn('sh', ['-c', 'exec "$0" "$1" shell --keep-going 2>&1', process.execPath, BIN], {env: {...process.env, XLSIM_STATE: h.state}})
  let out = ''
  let waiting: {marker: string; resolve: (s: string) => void} | null = null
  p.stdout.setEncoding('utf8').on('data', (s: string) => {
    out += s
    const end = waiting ? out.indexOf(`domid ${waiting.marker}: exit code 1\n`) : -1
    if (end < 0) return
    const w = waiting!
    waiting = null
    const text = out.slice(0, out.lastIndexOf('\n', out.indexOf(`'${w.marker}'`)) + 1)
    out = out.slice(out.indexOf('\n', end) + 1)
    w.resolve(text)
  })
  let n = 0
  return {
    run: line => new Promise(resolve => {
      const marker = `end-of-command-${++n}`
      waiting = {marker, resolve}
      p.stdin.write(`${line}\ndomid ${marker}\n`)
    }),
    close: () => new Promise(resolve => {
      p.on('close', code => resolve(code ?? -1))
      p.stdin.end()
    }),
  }
}

// With -N (dry run) between them: a command that changes domains in memory and saves nothing.
const LOOKS = ['list', 'vcpu-list', 'list -v', '-N vcpu-pin g1 0 3', 'vcpu-list', 'info', '-N vcpu-pin g2 all 1', 'uptime',
  'runstate Domain-0', 'vcpu-list', 'list']

describe('xl shell: rows kept between commands', () => {
  it('each look shows what a new xl process shows on the same file', async () => {
    const h = guests()
    const fresh = h.file('fresh.db', '')
    copyFileSync(h.state, fresh)
    const shell = driveShell(h)
    for (const line of LOOKS) {
      const seen = await shell.run(line)
      const r = runXl(line.split(' '), {XLSIM_STATE: fresh})
      expect(r.code).toBe(0)
      expect(seen, line).toBe(r.stdout)
    }
    expect(await shell.close()).toBe(1)
  }, 120_000)

  it('a command sees what another process wrote since the last one', async () => {
    const h = guests()
    const shell = driveShell(h)
    const before = await shell.run('vcpu-list')
    expect(before).toBe(h.xl('vcpu-list').stdout)
    await shell.run('list')
    // Another xl process changes two domains' rows between two commands of the shell.
    expect(h.xl('vcpu-pin', 'g2', '1', '3').code).toBe(0)
    expect(h.xl('mem-set', 'g3', '32m').code).toBe(0)
    expect(h.xl('rename', 'g1', 'renamed').code).toBe(0)
    const after = await shell.run('vcpu-list')
    expect(after).not.toBe(before)
    expect(after).toBe(h.xl('vcpu-list').stdout)
    expect(await shell.run('list')).toBe(h.xl('list').stdout)
    // And back: the shell writes, a new process sees it, the shell's next look agrees.
    await shell.run('vcpu-pin renamed 0 1')
    expect(await shell.run('vcpu-list renamed')).toBe(h.xl('vcpu-list', 'renamed').stdout)
    expect(await shell.close()).toBe(1)
  }, 120_000)
})
