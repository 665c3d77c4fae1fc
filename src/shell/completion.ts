// Tab completion for the shell: command names (xl's table and ours), global
// and per-command options (from the getopt specs), domain names, and the
// words our own commands take. Pure: the host's domains and the file system
// come in through CompletionSource.
import type {CommandSpec} from '../xl/help/index.js'
import {VMASST_TYPES} from '../hypervisor/vm-assist.js'
import {quoteWord, scanWords} from './tokenize.js'

export interface CompletionSource {
  commands: readonly CommandSpec[]
  /** Words the shell itself understands (exit, quit). */
  builtins: readonly string[]
  /** Names of the host's domains (called only when a domain name is wanted). */
  domains(): string[]
  /** Entries of a directory matching a path prefix, directories ending in "/". */
  files?(prefix: string): string[]
}

export interface Completion {
  line: string
  cursor: number
  /** All matches when there is more than one (to show); else empty. */
  candidates: string[]
}

/** xl's global options (getopt "+vftTN"). */
const GLOBAL_OPTIONS = ['-v', '-f', '-t', '-T', '-N']

type ArgKind = 'domain' | 'file' | readonly string[]

/** Positional arguments of xlsim's own commands, which have no getopt spec. */
const EXTRA_ARGS: Record<string, readonly ArgKind[]> = {
  'vm-assist': ['domain', ['enable', 'disable'], Object.keys(VMASST_TYPES)],
  host: [['init', 'show', 'destroy']],
  clock: [['advance']],
  runstate: ['domain'],
  run: ['file'],
  create: ['file'],
}

export function completeLine(line: string, cursor: number, src: CompletionSource): Completion {
  const head = line.slice(0, cursor)
  const tail = line.slice(cursor)
  const scan = scanWords(head)
  const words = scan.words
  const current = scan.atWordBoundary ? null : words[words.length - 1]
  const before = current ? words.slice(0, -1) : words
  const prefix = current?.text ?? ''
  const candidates = candidatesFor(before.map(w => w.text), prefix, src).filter(c => c.startsWith(prefix))
  const unique = [...new Set(candidates)].sort()
  if (unique.length === 0) return {line, cursor, candidates: []}
  const start = current ? current.start : head.length
  const common = unique.length === 1 ? unique[0] : commonPrefix(unique)
  const open = !current || scan.openQuote === undefined ? quoteWord : (w: string) => scan.openQuote + w
  // A unique match is finished with a space (a directory with nothing: more may follow).
  const finish = unique.length === 1 && !common.endsWith('/') ? ' ' : ''
  if (unique.length > 1 && common.length <= prefix.length) return {line, cursor, candidates: unique}
  const inserted = unique.length === 1 ? closeQuote(open(common), scan.openQuote, current !== null) + finish : partial(common, scan.openQuote, current !== null)
  const newHead = head.slice(0, start) + inserted
  return {line: newHead + tail, cursor: newHead.length, candidates: unique.length > 1 ? unique : []}
}

function closeQuote(quoted: string, open: string | undefined, inWord: boolean): string {
  return inWord && open ? quoted + open : quoted
}

/** A common prefix is inserted without closing quotes, so typing can go on. */
function partial(common: string, open: string | undefined, inWord: boolean): string {
  if (inWord && open) return open + common
  const q = quoteWord(common)
  return q.startsWith("'") ? q.slice(0, -1) : q
}

function candidatesFor(before: string[], prefix: string, src: CompletionSource): string[] {
  let i = 0
  while (i < before.length && before[i].startsWith('-')) i++
  if (i === before.length) {
    if (prefix.startsWith('-')) return GLOBAL_OPTIONS
    return [...src.commands.map(c => c.name), ...src.builtins]
  }
  if (before[i] === 'help') return before.length === i + 1 ? src.commands.map(c => c.name) : []
  const spec = lookup(before[i], src.commands)
  if (!spec) return []
  if (prefix.startsWith('-')) return optionsOf(spec)
  const kind = argKind(spec, positionalIndex(spec, before.slice(i + 1)))
  if (kind === 'domain') return src.domains()
  if (kind === 'file') return src.files?.(prefix) ?? []
  return kind ? [...kind] : []
}

/** xl's cmdtable_lookup: an exact name, else a unique prefix. */
function lookup(word: string, commands: readonly CommandSpec[]): CommandSpec | null {
  const matches = commands.filter(c => c.name.startsWith(word))
  return matches.find(c => c.name === word) ?? (matches.length === 1 ? matches[0] : null)
}

/** `-x` for each getopt short option and `--name` for each long one; ours from their help text. */
export function optionsOf(spec: CommandSpec): string[] {
  if (spec.getopt) {
    const shorts = [...new Set(spec.getopt.short.replace(/:/g, ''))].map(c => `-${c}`)
    return [...shorts, ...spec.getopt.long.map(l => `--${l.name}`)]
  }
  return [...new Set([...(spec.options ?? '').matchAll(/--[a-z][a-z0-9-]*/g)].map(m => m[0]))]
}

/** How many positional arguments precede the word being completed (option arguments skipped). */
function positionalIndex(spec: CommandSpec, args: string[]): number {
  const short = spec.getopt?.short ?? ''
  const long = spec.getopt?.long ?? []
  let n = 0
  for (let j = 0; j < args.length; j++) {
    const a = args[j]
    if (a.startsWith('--') && a.length > 2) {
      if (long.find(l => l.name === a.slice(2))?.hasArg && !a.includes('=')) j++
    } else if (a.startsWith('-') && a.length > 1) {
      const last = a[a.length - 1]
      if (a.length === 2 && short.includes(`${last}:`)) j++
    } else n++
  }
  return n
}

function argKind(spec: CommandSpec, index: number): ArgKind | null {
  const extra = EXTRA_ARGS[spec.name]
  if (extra) return extra[index] ?? null
  // xl's own commands: the placeholders of the usage line, e.g. "[options] <Domain> <VCPU|all>".
  const usage = (spec.usage ?? '').split('\n')[0]
  const slots = [...usage.matchAll(/<[^<>]*>|\[(?:[^[\]]|\[[^[\]]*\])*\]/g)].map(m => m[0]).filter(s => !/option/i.test(s))
  const slot = slots[index] ?? (slots.length > 0 && slots[slots.length - 1].includes('...') ? slots[slots.length - 1] : undefined)
  return slot !== undefined && /Domain\b/.test(slot) ? 'domain' : null
}

function commonPrefix(words: string[]): string {
  let p = words[0]
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1)
  return p
}
