// xl shell on a terminal (tmux): completion, output, Ctrl-D, history across
// restarts. Skipped where tmux is not installed. (capture-pane drops trailing
// blanks, so a prompt is matched without its final space.)
import {afterAll, describe, expect, it} from 'vitest'
import {BIN, cfg, tempHost} from '../helpers/cli.js'
import {hasTmux, terminal} from '../helpers/tmux.js'

const {tmux, screen, waitFor} = terminal('shell', 'shell')
const waitText = (text: string) => waitFor(s => s.includes(text), JSON.stringify(text))

function startShell(state: string): void {
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
})
