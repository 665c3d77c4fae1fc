// The interactive shell: prompt, run the line, repeat. Each command runs
// where Ctrl-C can stop it (a worker thread, worker.ts); the keyboard is
// read all the time (input.ts), so lines typed ahead all run, once, in
// order. History lives in the state file; Tab completes from xl's tables
// and the host's domains; the prompt is refreshed after `xl host ...`.
import {readdirSync} from 'node:fs'
import {cmdtableFor, loadedEntry, loadTable} from '../xl/cmdtable.js'
import type {Arch} from '../hypervisor/types.js'
import {xlsimCommands} from '../cli/xlsim-table.js'
import {completeLine, type Completion, type CompletionSource} from './completion.js'
import {ShellHistory} from './history.js'
import {promptFor, readHostSummary, type HostSummary} from './host-info.js'
import {commandName} from './exec.js'
import {parseLine} from './script.js'
import {isHostBusy} from './busy.js'
import type {LineResult} from './line-editor.js'
import type {TerminalInput} from './input.js'

export interface ReplOptions {
  statePath: string
  /** Runs a command line where an interrupt can stop it; resolves with its exit code. */
  exec(argv: string[]): Promise<number>
  /** Stops the command exec is running; exec then resolves. */
  interrupt(): Promise<void>
  /** Runs a full-screen command (xl top) on this thread, the terminal given to it. */
  execHere(argv: string[]): Promise<number>
  readLine(p: {prompt: string; history: readonly string[]; complete(line: string, cursor: number): Completion}): Promise<LineResult>
  input: TerminalInput
  stderr(text: string): void
  stdout(text: string): void
}

export const BUILTINS = ['exit', 'quit', 'help'] as const

/** Commands that draw on the terminal themselves and read its keys. */
const FULL_SCREEN = new Set(['top'])

export async function repl(o: ReplOptions): Promise<number> {
  let summary = await hostSummary(o, null)
  let domains: string[] | null = summary.domains
  const history = new ShellHistory(o.statePath)
  let lines = history.load()
  await loadTable()
  const src: CompletionSource = {
    // xl's table as built for the host's arch (no save/migrate/psr-* on arm64), every entry loaded below.
    get commands() {
      return [...cmdtableFor(summary.arch as Arch).map(loadedEntry), ...xlsimCommands()]
    },
    builtins: BUILTINS,
    domains: () => (domains ??= domainNames(o.statePath)),
    files: filesMatching,
  }
  for (;;) {
    const r = await o.readLine({prompt: promptFor(summary), history: lines, complete: (line, cursor) => completeLine(line, cursor, src)})
    if (r.kind === 'eof') return 0
    if (r.kind === 'cancel') continue
    const l = parseLine(r.text, 1, false)
    if (l === null) continue
    lines = history.add(r.text)
    if (l.kind === 'exit') return l.code ?? 0
    if (l.kind !== 'command') {
      o.stderr(`xl: shell: ${l.kind === 'error' ? l.message : 'not a shell command'}\n`)
      continue
    }
    const name = commandName(l.argv)
    let interrupted = false
    if (name !== null && FULL_SCREEN.has(name)) {
      o.input.detach()
      try {
        await o.execHere(l.argv)
      } finally {
        o.input.attach()
      }
    } else {
      await o.input.interruptible(() => {
        interrupted = true
        o.stdout('^C\n')
        void o.interrupt()
      }, () => o.exec(l.argv))
    }
    domains = null
    if (name === 'host' || interrupted) summary = await hostSummary(o, summary)
  }
}

/**
 * The prompt's host, read in its own short transaction. Another process
 * holding the lock past the busy timeout does not end the shell: the prompt
 * keeps what it showed, and at start the shell waits.
 */
async function hostSummary(o: ReplOptions, previous: HostSummary | null): Promise<HostSummary> {
  for (let said = false; ; said = true) {
    try {
      return readHostSummary({state: o.statePath})
    } catch (e) {
      if (!isHostBusy(e)) throw e
      if (previous) return previous
      if (!said) o.stderr('xl shell: the host is locked by another xl process; waiting for it\n')
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
}

/** Domain names for Tab; none while the host is locked. */
function domainNames(statePath: string): string[] {
  try {
    return readHostSummary({state: statePath}).domains
  } catch (e) {
    if (isHostBusy(e)) return []
    throw e
  }
}

/** Paths starting with `prefix` (directories end in "/"), for completing config files. */
export function filesMatching(prefix: string): string[] {
  const slash = prefix.lastIndexOf('/')
  const dir = slash < 0 ? '' : prefix.slice(0, slash + 1)
  try {
    return readdirSync(dir === '' ? '.' : dir, {withFileTypes: true})
      .filter(e => !e.name.startsWith('.') || prefix.slice(slash + 1).startsWith('.'))
      .map(e => dir + e.name + (e.isDirectory() ? '/' : ''))
  } catch {
    return []
  }
}
