// Entry points of `xl shell` and `xl run`, wiring the runners to this
// process: stdin, the terminal, dispatch().
import {readFile} from 'node:fs/promises'
import {createInterface} from 'node:readline'
import {dirname} from 'node:path'
import {resolveStatePath} from '../../state/path.js'
import {tee} from './capture.js'
import {execLine, resolveCreatePaths, type Dispatch} from './exec.js'
import {repl} from './repl.js'
import {runScenario, runStream} from './runner.js'

export interface ShellOptions {
  /** --state, if given. */
  state?: string
  keepGoing: boolean
  /** The package root, for dispatch(). */
  root: string
  /** src/xl/main.ts dispatch (injected: the shell does not import the dispatcher that runs it). */
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
  if (process.stdin.isTTY && process.stdout.isTTY) {
    const {readLine} = await import('../views/shell/read-line.js')
    return repl({statePath, exec, readLine})
  }
  const rl = createInterface({input: process.stdin, crlfDelay: Infinity})
  try {
    return await runStream(rl, {keepGoing: o.keepGoing, exec, stderr})
  } finally {
    rl.close()
    process.stdin.destroy()
  }
}

export async function runMain(file: string, o: ShellOptions): Promise<number> {
  useState(o.state)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    // As xl create's "Failed to read config file: <file>: <strerror>", exit 3.
    const code = (e as NodeJS.ErrnoException).code
    stderr(`Failed to read scenario file: ${file}: ${code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : (e as Error).message}\n`)
    return 3
  }
  return runScenario(file, text, {
    keepGoing: o.keepGoing,
    exec: argv => tee(() => execLine(argv, o.root, o.dispatch)).then(({result, out}) => ({rc: result, out})),
    rewrite: argv => resolveCreatePaths(argv, dirname(file)),
    stderr,
  })
}
