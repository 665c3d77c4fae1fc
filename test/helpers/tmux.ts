// A real terminal for the interactive tests: a private tmux server per test
// file, its screen read with capture-pane. Tests skip where tmux is missing.
import {spawnSync} from 'node:child_process'

export const hasTmux = spawnSync('tmux', ['-V']).status === 0

export interface Terminal {
  tmux(...args: string[]): string
  screen(): string
  /** Poll the screen until `test` holds (a slow machine gets 20 s). */
  waitFor(test: (s: string) => boolean, what: string, ms?: number): Promise<string>
}

export function terminal(name: string, session: string): Terminal {
  const socket = `xlsim-${name}-test-${process.pid}`
  const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'}).stdout ?? ''
  const screen = () => tmux('capture-pane', '-p', '-t', session)
  async function waitFor(test: (s: string) => boolean, what: string, ms = 20_000): Promise<string> {
    const until = Date.now() + ms
    for (;;) {
      const s = screen()
      if (test(s)) return s
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; screen:\n${s}`)
      await new Promise(r => setTimeout(r, 100))
    }
  }
  return {tmux, screen, waitFor}
}
