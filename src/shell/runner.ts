// Running a stream of shell lines (`xl shell` with stdin not a terminal) and
// a scenario file (`xl run`): stop at the first failure unless keepGoing,
// and exit with that failure's code (0 when everything passed).
import {parseLine, parseScenario, type ScenarioStep} from './script.js'

export interface Output {
  stdout: string
  stderr: string
}

export interface StreamOptions {
  keepGoing: boolean
  exec(argv: string[]): Promise<number>
  stderr(text: string): void
}

export async function runStream(lines: AsyncIterable<string> | Iterable<string>, o: StreamOptions): Promise<number> {
  let n = 0
  let firstFailure = 0
  for await (const text of lines) {
    const l = parseLine(text, ++n, false)
    if (l === null) continue
    let rc: number
    if (l.kind === 'exit') return l.code ?? firstFailure
    if (l.kind === 'command') rc = await o.exec(l.argv)
    else {
      o.stderr(`xl: shell: line ${n}: ${l.kind === 'error' ? l.message : 'not a shell command'}\n`)
      rc = 2
    }
    if (rc === 0) continue
    // As xl run does: the failing line named, so a long piped scenario says where it stopped.
    if (l.kind === 'command') o.stderr(`xl: shell: line ${n}: ${shortText(l.text)}: exit code ${rc}\n`)
    if (!o.keepGoing) return rc
    firstFailure ||= rc
  }
  return firstFailure
}

export interface ScenarioOptions {
  keepGoing: boolean
  /** Runs a command, its output going out as it is written and also returned. */
  exec(argv: string[]): Promise<{rc: number; out: Output}>
  /** Rewrites a command's argv before it runs (relative paths of create). */
  rewrite?(argv: string[]): string[]
  stderr(text: string): void
}

/** Exit 2 for a malformed scenario (nothing runs), 1 for a failed expectation, else a command's code. */
export async function runScenario(file: string, text: string, o: ScenarioOptions): Promise<number> {
  const s = parseScenario(text)
  if (!s.ok) {
    o.stderr(`${clipLine(`${file}:${s.line}: ${s.message}`)}\n`)
    return 2
  }
  let firstFailure = 0
  for (const step of s.steps) {
    const {rc, out} = await o.exec(o.rewrite ? o.rewrite(step.command.argv) : step.command.argv)
    const failure = checkStep(step, rc, out)
    if (failure === null) continue
    o.stderr(`${clipLine(`${file}:${failure.line}: ${failure.message}`)}\n`)
    if (!o.keepGoing) return failure.code
    firstFailure ||= failure.code
  }
  return firstFailure || (s.exitAt?.code ?? 0)
}

interface Failure {
  line: number
  message: string
  code: number
}

/**
 * The first expectation of a step that does not hold; else, with no
 * expect-rc line, the command's own failure.
 */
export function checkStep(step: ScenarioStep, rc: number, out: Output): Failure | null {
  const cmd = `line ${step.command.line} (${shortText(step.command.text)})`
  for (const e of step.expects) {
    if (e.kind === 'expect-rc') {
      if (rc !== e.rc) return {line: e.line, code: 1, message: `expect-rc ${e.rc} failed: ${cmd} exited with ${rc}`}
    } else if (!out[e.stream].includes(e.text)) {
      const word = e.stream === 'stdout' ? 'expect' : 'expect-stderr'
      return {line: e.line, code: 1, message: `${word} ${JSON.stringify(e.text)} failed: not in the ${e.stream} of ${cmd}, which was ${seen(out[e.stream])}`}
    }
  }
  if (rc !== 0 && !step.expects.some(e => e.kind === 'expect-rc')) {
    return {line: step.command.line, code: rc, message: `${shortText(step.command.text)}: exit code ${rc}`}
  }
  return null
}

/** A command line as named in a message: a huge one by its start and its size. */
function shortText(text: string): string {
  return text.length <= 160 ? text : `${text.slice(0, 160)}... (${text.length} bytes)`
}

/** Output quoted on one line, shortened to its start. */
function seen(text: string): string {
  if (text === '') return 'empty'
  const max = 160
  return text.length <= max ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, max))}... (${text.length} bytes)`
}

/**
 * An error line that echoes a huge command is cut, with the same rule as
 * every command's own error lines (src/xl/report.ts): up to 1,024
 * characters are kept whole, a longer line keeps its start and its end.
 */
export function clipLine(line: string): string {
  return line.length <= 1024 ? line : `${line.slice(0, 160)}...(${line.length - 220} bytes)...${line.slice(-60)}`
}
