// xl shell on a terminal (tmux): completion, output, Ctrl-D, history across
// restarts. Skipped where tmux is not installed. (capture-pane drops trailing
// blanks, so a prompt is matched without its final space.)
import {afterAll, describe, expect, it} from 'vitest'
import {spawn, spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import Database from 'better-sqlite3'
import {BIN, cfg, tempHost, type TempHost} from '../helpers/cli.js'
import {hasTmux, terminal} from '../helpers/tmux.js'
import {holdWriteLock} from '../helpers/lock.js'

const hasScript = spawnSync('script', ['--version']).status === 0

const {tmux, screen, waitFor} = terminal('shell', 'shell')
const waitText = (text: string) => waitFor(s => s.includes(text), JSON.stringify(text))

function startShell(state: string): void {
  tmux('kill-session', '-t', 'shell')
  tmux('new-session', '-d', '-s', 'shell', '-x', '120', '-y', '40',
    `env XLSIM_STATE='${state}' '${process.execPath}' '${BIN}' shell; echo "EXITED rc=$?"; sleep 60`)
}

afterAll(() => {
  if (hasTmux) tmux('kill-server')
})

describe('xl shell on a terminal', () => {
  it.skipIf(!hasTmux)('completes, runs, exits on Ctrl-D, and keeps history across restarts', async () => {
    const h = tempHost()
    try {
      expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64').code).toBe(0)
      expect(h.xl('create', h.file('g.cfg', cfg({name: 'guest1', type: 'pv', kernel: 'linux-4.6', memory: 128}))).code).toBe(0)
      startShell(h.state)
      await waitText('xl(x86_64 4.17)>')
      tmux('send-keys', '-t', 'shell', 'vm-a')
      await waitText('> vm-a')
      tmux('send-keys', '-t', 'shell', 'Tab')
      await waitText('> vm-assist')
      tmux('send-keys', '-t', 'shell', 'gu')
      await waitText('> vm-assist gu')
      tmux('send-keys', '-t', 'shell', 'Tab')
      await waitText('> vm-assist guest1')
      tmux('send-keys', '-t', 'shell', 'Enter')
      await waitText('vm_assist : 0000000d  4gb_segments writable_pagetables pae_extended_cr3')
      // A new prompt after the output; Ctrl-C drops a half-typed line.
      await waitFor(s => s.trimEnd().endsWith('xl(x86_64 4.17)>'), 'the next prompt')
      tmux('send-keys', '-t', 'shell', 'lis', 'C-c')
      await waitText('> lis^C')
      tmux('send-keys', '-t', 'shell', 'C-d')
      await waitText('EXITED rc=0')
      tmux('kill-session', '-t', 'shell')

      startShell(h.state)
      await waitText('xl(x86_64 4.17)>')
      tmux('send-keys', '-t', 'shell', 'Up')
      await waitText('> vm-assist guest1')
      tmux('send-keys', '-t', 'shell', 'C-u', 'exit', 'Enter')
      await waitText('EXITED rc=0')
    } finally {
      h.cleanup()
    }
  }, 90_000)

  it.skipIf(!hasTmux)('runs every line typed ahead, once, in order, when keys come in separate writes with no gap', async () => {
    const h = tempHost()
    try {
      expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64').code).toBe(0)
      startShell(h.state)
      await waitText('xl(x86_64 4.17)>')
      // Ten send-keys calls straight after each other: ten writes to the terminal.
      for (let i = 0; i < 10; i++) tmux('send-keys', '-t', 'shell', i % 2 ? 'domid Domain-0' : 'domname 0', 'Enter')
      const s = await waitFor(t => t.split('\n').filter(l => l.startsWith('xl(x86_64 4.17)>')).length >= 11, 'eleven prompts')
      const lines = s.split('\n').map(l => l.trimEnd()).filter(Boolean)
      const expected = Array.from({length: 10}, (_, i) => (i % 2 ? ['xl(x86_64 4.17)> domid Domain-0', '0'] : ['xl(x86_64 4.17)> domname 0', 'Domain-0'])).flat()
      expect(lines).toEqual([...expected, 'xl(x86_64 4.17)>'])
      tmux('send-keys', '-t', 'shell', 'C-d')
      await waitText('EXITED rc=0')
    } finally {
      tmux('kill-session', '-t', 'shell')
      h.cleanup()
    }
  }, 60_000)

  it.skipIf(!hasTmux)('Ctrl-C stops a running command (a long stress, the checker) and gives the prompt back; the host is as before', async () => {
    const h = stressHost()
    try {
      startShell(h.state)
      await waitText('xl(x86_64 4.17)>')
      const before = stored(h)
      // Two million reads take minutes; the checker's K=3 matrix tens of seconds.
      tmux('send-keys', '-t', 'shell', 'runstate stress g --reads 2000000', 'Enter')
      await new Promise(r => setTimeout(r, 1500))
      tmux('send-keys', '-t', 'shell', 'C-c')
      await waitFor(t => /^\^C\nxl\(x86_64 4\.17\)>$/m.test(t.trimEnd()), 'the prompt after ^C')
      expect(stored(h)).toEqual(before)
      tmux('send-keys', '-t', 'shell', 'runstate check --matrix --updates 3', 'Enter')
      await new Promise(r => setTimeout(r, 1500))
      tmux('send-keys', '-t', 'shell', 'C-c')
      const s = await waitFor(t => t.trimEnd().endsWith('--updates 3\n^C\nxl(x86_64 4.17)>'), 'the prompt after the second ^C')
      expect(s).not.toContain(' checks, ')
      // The next command runs at once, on the host as it was; other processes can write to it.
      tmux('send-keys', '-t', 'shell', 'clock', 'Enter')
      await waitText(`now     : ${before.nowNs} ns`)
      expect(h.xl('clock', 'advance', '1ms').code).toBe(0)
      tmux('send-keys', '-t', 'shell', 'C-d')
      await waitText('EXITED rc=0')
    } finally {
      tmux('kill-session', '-t', 'shell')
      h.cleanup()
    }
  }, 90_000)

  it.skipIf(!hasTmux)('starts while another process holds the write lock: at once (it only reads), and reads work', async () => {
    const h = tempHost()
    try {
      expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64').code).toBe(0)
      // The prompt and commands that only look read a snapshot: no wait for the lock.
      const lock = await holdWriteLock(h.state, 9000)
      startShell(h.state)
      await waitText('xl(x86_64 4.17)>')
      tmux('send-keys', '-t', 'shell', 'domname 0', 'Enter')
      await waitText('Domain-0')
      await lock.released
      tmux('send-keys', '-t', 'shell', 'C-d')
      await waitText('EXITED rc=0')
    } finally {
      tmux('kill-session', '-t', 'shell')
      h.cleanup()
    }
  }, 60_000)
})

describe('xl shell on a pty (script(1)), keys written back to back', () => {
  it.skipIf(!hasScript)('every line runs once, in order', async () => {
    const h = tempHost()
    try {
      expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64').code).toBe(0)
      const p = spawn('script', ['-qfec', `stty cols 120 rows 40; '${process.execPath}' '${BIN}' shell`, '/dev/null'], {env: {...process.env, XLSIM_STATE: h.state}})
      let out = ''
      p.stdout.on('data', d => (out += d))
      const until = async (test: () => boolean, what: string) => {
        for (const end = Date.now() + 20_000; !test(); await new Promise(r => setTimeout(r, 50))) {
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}; output:\n${out}`)
        }
      }
      await until(() => out.includes('xl(x86_64 4.17)>'), 'the prompt')
      // One write per line, a few ms apart: they land while commands run and prompts come and go.
      for (let i = 0; i < 10; i++) {
        p.stdin.write(i % 2 ? 'domid Domain-0\r' : 'domname 0\r')
        await new Promise(r => setTimeout(r, 10))
      }
      const results = () => out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split(/\r?\n/).map(l => l.replace(/\r/g, '').trim()).filter(l => l === 'Domain-0' || l === '0')
      await until(() => results().length >= 10, 'ten results')
      p.stdin.write('exit\r')
      const code = await new Promise(r => p.on('close', r))
      expect(code).toBe(0)
      expect(results()).toEqual(Array.from({length: 10}, (_, i) => (i % 2 ? '0' : 'Domain-0')))
      expect(out).not.toContain('domname 0domname 0')
    } finally {
      h.cleanup()
    }
  }, 60_000)
})

/** A 2-pCPU manual-clock host with a guest g and a busy neighbour, for runstate stress. */
function stressHost(): TempHost {
  const h = tempHost()
  expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '2').code).toBe(0)
  expect(h.xl('create', h.file('g.cfg', cfg({name: 'g', kernel: 'linux-4.6', vcpus: 2, memory: 256, workload: 'duty:50:5ms'}))).code).toBe(0)
  expect(h.xl('create', h.file('b.cfg', cfg({name: 'b', kernel: 'linux-4.6', vcpus: 2, memory: 256, workload: 'cpu'}))).code).toBe(0)
  return h
}

/** The state file's bytes and every stored row, read without taking the lock. */
function stored(h: TempHost): {file: string; rows: string; nowNs: number} {
  const db = new Database(h.state, {readonly: true})
  try {
    const host = db.prepare('SELECT * FROM host').get() as {now_ns: number}
    const rows = JSON.stringify([host, db.prepare('SELECT * FROM domains').all(), db.prepare('SELECT * FROM console').all()])
    return {file: readFileSync(h.state).toString('base64'), rows, nowNs: host.now_ns}
  } finally {
    db.close()
  }
}
