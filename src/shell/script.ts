// The language of `xl shell` input and `xl run` scenario files: one xl
// command line per line (sh quoting, # comments, blank lines skipped), the
// builtins `exit [n]` and `quit`, and in scenarios the expectations
// `expect <text>`, `expect-stderr <text>` and `expect-rc <n>` about the
// command before them.
import {scanWords, tokenize} from './tokenize.js'

export type ScriptLine =
  | {kind: 'command'; line: number; argv: string[]; text: string}
  | {kind: 'expect'; line: number; stream: 'stdout' | 'stderr'; text: string}
  | {kind: 'expect-rc'; line: number; rc: number}
  | {kind: 'exit'; line: number; code: number | null}
  | {kind: 'error'; line: number; message: string}

const EXPECT_STREAM: Record<string, 'stdout' | 'stderr'> = {expect: 'stdout', 'expect-stderr': 'stderr'}

/** One line; null for a blank or comment line. */
export function parseLine(text: string, line: number, scenario: boolean): ScriptLine | null {
  const t = tokenize(text)
  if (!t.ok) return {kind: 'error', line, message: t.error}
  const [word, ...rest] = t.words
  if (word === undefined) return null
  if (word === 'exit' || word === 'quit') {
    if (rest.length === 0) return {kind: 'exit', line, code: null}
    if (word === 'exit' && rest.length === 1 && /^\d+$/.test(rest[0]) && Number(rest[0]) < 256) return {kind: 'exit', line, code: Number(rest[0])}
    return {kind: 'error', line, message: `usage: ${word}${word === 'exit' ? ' [code 0-255]' : ''}`}
  }
  if (scenario && word in EXPECT_STREAM) {
    const expected = expectText(text)
    if (expected === null) return {kind: 'error', line, message: `${word} needs a text (quote it to keep outer blanks)`}
    return {kind: 'expect', line, stream: EXPECT_STREAM[word], text: expected}
  }
  if (scenario && word === 'expect-rc') {
    if (rest.length !== 1 || !/^\d+$/.test(rest[0]) || Number(rest[0]) > 255) return {kind: 'error', line, message: 'usage: expect-rc <exit code 0-255>'}
    return {kind: 'expect-rc', line, rc: Number(rest[0])}
  }
  return {kind: 'command', line, argv: t.words, text: text.trim()}
}

/**
 * The text of an expect line: the rest of the line as written (inner blanks
 * kept), or, when it starts with a quote, that one quoted word.
 */
function expectText(line: string): string | null {
  const words = scanWords(line).words
  if (words.length < 2) return null
  const rest = line.slice(words[1].start).trimEnd()
  if (rest.startsWith("'") || rest.startsWith('"')) return words.length === 2 ? words[1].text : null
  return rest
}

/** A scenario's command with the expectations that follow it. */
export interface ScenarioStep {
  command: Extract<ScriptLine, {kind: 'command'}>
  expects: Extract<ScriptLine, {kind: 'expect' | 'expect-rc'}>[]
}

export type Scenario = {ok: true; steps: ScenarioStep[]; exitAt: Extract<ScriptLine, {kind: 'exit'}> | null} | {ok: false; line: number; message: string}

/** A whole scenario file, checked before anything runs. */
export function parseScenario(text: string): Scenario {
  const steps: ScenarioStep[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const l = parseLine(lines[i], i + 1, true)
    if (l === null) continue
    if (l.kind === 'error') return {ok: false, line: l.line, message: l.message}
    if (l.kind === 'exit') return {ok: true, steps, exitAt: l}
    if (l.kind === 'command') steps.push({command: l, expects: []})
    else if (steps.length === 0) return {ok: false, line: l.line, message: `${l.kind === 'expect-rc' ? 'expect-rc' : l.stream === 'stdout' ? 'expect' : 'expect-stderr'} before any command`}
    else steps[steps.length - 1].expects.push(l)
  }
  return {ok: true, steps, exitAt: null}
}
