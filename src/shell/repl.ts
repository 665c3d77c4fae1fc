// The interactive shell: prompt, run the line in-process, repeat. History
// persists next to the state file; Tab completes from xl's tables and the
// host's domains; the prompt is refreshed after `xl host ...`.
import {readdirSync} from 'node:fs'
import {COMMANDS} from '../xl/help/index.js'
import {xlsimCommands} from '../cli/xlsim-table.js'
import {completeLine, type Completion, type CompletionSource} from './completion.js'
import {appendHistory, historyPath, loadHistory} from './history.js'
import {promptFor, readHostSummary} from './host-info.js'
import {commandName} from './exec.js'
import {parseLine} from './script.js'
import type {LineResult} from '../views/shell/Prompt.js'

export interface ReplOptions {
  statePath: string
  exec(argv: string[]): Promise<number>
  readLine(p: {prompt: string; history: readonly string[]; typeahead?: string; complete(line: string, cursor: number): Completion}): Promise<LineResult>
}

export const BUILTINS = ['exit', 'quit', 'help'] as const

export async function repl(o: ReplOptions): Promise<number> {
  // At the prompt Ctrl-C is a key (raw mode); while a command runs it would be
  // SIGINT, which must not end the shell (commands cannot be interrupted).
  const ignore = () => {}
  process.on('SIGINT', ignore)
  try {
    return await loop(o)
  } finally {
    process.off('SIGINT', ignore)
  }
}

async function loop(o: ReplOptions): Promise<number> {
  let summary = readHostSummary({state: o.statePath})
  let domains: string[] | null = summary.domains
  const hist = historyPath(o.statePath)
  let history = loadHistory(hist)
  const src: CompletionSource = {
    commands: [...COMMANDS, ...xlsimCommands()],
    builtins: BUILTINS,
    domains: () => (domains ??= readHostSummary({state: o.statePath}).domains),
    files: filesMatching,
  }
  let typeahead: string | undefined
  for (;;) {
    const r = await o.readLine({prompt: promptFor(summary), history, typeahead, complete: (line, cursor) => completeLine(line, cursor, src)})
    typeahead = r.rest
    if (r.kind === 'eof') return 0
    if (r.kind === 'cancel') continue
    const l = parseLine(r.text, 1, false)
    if (l === null) continue
    history = appendHistory(hist, r.text)
    if (l.kind === 'exit') return l.code ?? 0
    if (l.kind !== 'command') {
      process.stderr.write(`xl: shell: ${l.kind === 'error' ? l.message : 'not a shell command'}\n`)
      continue
    }
    await o.exec(l.argv)
    domains = null
    if (commandName(l.argv) === 'host') summary = readHostSummary({state: o.statePath})
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
