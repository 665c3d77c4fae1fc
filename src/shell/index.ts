// Entry points of `xl shell` and `xl run`, wiring the runners to this
// process: stdin, the terminal, dispatch().
import {readFile, realpath} from 'node:fs/promises'
import {createInterface} from 'node:readline'
import {dirname} from 'node:path'
import {resolveStatePath} from '../../state/path.js'
import {tee} from './capture.js'
import {execLine, resolveCreatePaths, resolveSiblingStates, type Dispatch} from './exec.js'
import {repl} from './repl.js'
import {CommandWorker} from './worker.js'
import {withInk} from '../views/ink.js'
import {TerminalInput} from './input.js'
import {clipLine, runScenario, runStream} from './runner.js'

export interface ShellOptions {
  /** --state, if given. */
  state?: string
  keepGoing: boolean
  /** The package root, for dispatch(). */
  root: string
  /** src/xl/main.ts dispatch, handed in by the command that starts the shell. */
  dispatch: Dispatch
}

const stderr = (t: string) => void process.stderr.write(t)

/** Commands run in this process find the host the shell was given. */
function useState(state: string | undefined): string {
  if (state) process.env.XLSIM_STATE = state
  return resolveStatePath(state)
}

export async function shellMain(o: ShellOptions): Promise<number> {
  const statePath = useState(o.state)
  const exec = (argv: string[]) => execLine(argv, o.root, o.dispatch)
  if (process.stdin.isTTY && process.stdout.isTTY) return interactive(statePath, o.root, o.dispatch)
  // From a pipe, commands run on this thread (no message hop, bench/shell.ts):
  // no keys are read, and Ctrl-C (SIGINT) ends the whole run as it ends a
  // shell script, SQLite dropping the open transaction with the process.
  const rl = createInterface({input: process.stdin, crlfDelay: Infinity})
  try {
    return await runStream(rl, {keepGoing: o.keepGoing, exec, stderr})
  } finally {
    rl.close()
    process.stdin.destroy()
  }
}

/** On a terminal: the keyboard read all the time, each command in the worker. */
async function interactive(statePath: string, root: string, dispatch: Dispatch): Promise<number> {
  const {readLine} = await withInk(() => import('../views/shell/read-line.js'))
  const worker = new CommandWorker(root)
  const input = new TerminalInput(process.stdin)
  // Raw mode makes Ctrl-C a key; a SIGINT from elsewhere means the same.
  const onSigint = () => input.cancel()
  process.on('SIGINT', onSigint)
  input.attach()
  try {
    return await repl({
      statePath, input, stderr, stdout: t => void process.stdout.write(t),
      exec: argv => worker.run(argv),
      interrupt: () => worker.interrupt(),
      execHere: argv => execLine(argv, root, dispatch),
      readLine: p => readLine({...p, input}),
    })
  } finally {
    process.off('SIGINT', onSigint)
    input.detach()
    await worker.close()
  }
}

/**
 * The scenarios being run in this process, outermost first: a `run` line
 * runs its file in-process, so a file that (through others) runs itself
 * would never end. As given (for the message) and resolved (to compare).
 */
const running: {file: string; real: string}[] = []

export async function runMain(file: string, o: ShellOptions): Promise<number> {
  useState(o.state)
  let text: string
  let real: string
  try {
    real = await realpath(file)
    text = await readFile(real, 'utf8')
  } catch (e) {
    // As xl create's "Failed to read config file: <file>: <strerror>", exit 3.
    const code = (e as NodeJS.ErrnoException).code
    stderr(`Failed to read scenario file: ${file}: ${code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : (e as Error).message}\n`)
    return 3
  }
  if (running.some(r => r.real === real)) {
    const chain = [...running.map(r => r.file), file].join(' -> ')
    stderr(`${clipLine(`xl run: recursion: ${chain} (a scenario cannot run a file that is already running)`)}\n`)
    return 1
  }
  running.push({file, real})
  try {
    return await scenario(file, text, o)
  } finally {
    running.pop()
  }
}

function scenario(file: string, text: string, o: ShellOptions): Promise<number> {
  return runScenario(file, text, {
    keepGoing: o.keepGoing,
    exec: argv => tee(() => execLine(argv, o.root, o.dispatch)).then(({result, out}) => ({rc: result, out})),
    rewrite: argv => resolveSiblingStates(resolveCreatePaths(argv, dirname(file)), dirname(resolveStatePath(o.state))),
    stderr,
  })
}
