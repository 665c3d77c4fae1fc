// xl's option parsing, done once per command: def_getopt (tools/xl/xl_utils.c)
// over glibc's getopt_long with a permuting optstring, as SWITCH_FOREACH_OPT
// (tools/xl/xl.h) runs it for every main_*(): short clusters (-lv), -f FILE
// and -fFILE, long options (--defconfig=FILE, --defconfig FILE, unique
// prefixes), "--" ends the options, options may follow arguments. opterr is
// 0, so a bad option is only def_getopt's "option `%c' not supported." with
// optopt: the letter, the long option's val when its argument is missing or
// unwanted, 0 (a NUL byte) for an unknown or ambiguous long option.

export interface LongOption {
  name: string
  hasArg: boolean
  /** Short option it maps to; null for long-only options (e.g. migrate --debug). */
  val: string | null
}

export interface GetoptSpec {
  /** getopt_long optstring, including the 'h' SWITCH_FOREACH_OPT prepends. */
  short: string
  /** Long options; always includes {"help", 'h'} (COMMON_LONG_OPTS). */
  long: LongOption[]
  /**
   * Name def_getopt passes to help() on -h and on missing arguments (normally
   * the command name; config-update really passes "config_update").
   */
  helpName: string
  /** Minimum non-option arguments; fewer prints "'xl <helpName>' requires at least N argument(s)." */
  requiredArgs: number
}

/** One option as getopt_long returned it: the short letter (or long name for long-only ones) and its argument. */
export interface Opt {
  opt: string
  arg?: string
}

export type GetoptResult =
  | {kind: 'ok'; opts: Opt[]; args: string[]}
  | {kind: 'help'}
  /** def_getopt: "option `%c' not supported." (optopt '' is the NUL of a long option). */
  | {kind: 'bad-option'; optopt: string}
  /** An xlsim long option (--state) without its argument: glibc's own wording. */
  | {kind: 'missing-arg'; option: string}
  | {kind: 'too-few'; required: number}

/** xlsim's options on real xl commands: --state FILE on all, --json on those that print a table or a record. */
const STATE_LONG: LongOption = {name: 'state', hasArg: true, val: null}
const JSON_LONG: LongOption = {name: 'json', hasArg: false, val: null}

/** A long option as glibc matches it: exact name, else a unique prefix. */
function findLong(long: readonly LongOption[], name: string): LongOption | 'ambiguous' | null {
  const exact = long.find(l => l.name === name)
  if (exact) return exact
  const found = long.filter(l => l.name.startsWith(name))
  // glibc accepts several prefix matches that are the same option.
  if (found.length > 1 && found.some(l => l.hasArg !== found[0].hasArg || l.val !== found[0].val)) return 'ambiguous'
  return found[0] ?? null
}

export function getopt(spec: GetoptSpec, argv: readonly string[], xlsim: {json?: boolean} = {}): GetoptResult {
  const takesArg = new Set<string>()
  const shorts = new Set<string>()
  for (let i = 0; i < spec.short.length; i++) {
    const c = spec.short[i]
    if (c === ':') continue
    shorts.add(c)
    if (spec.short[i + 1] === ':') takesArg.add(c)
  }
  const long = [...spec.long, STATE_LONG, ...(xlsim.json ? [JSON_LONG] : [])]
  const opts: Opt[] = []
  const args: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      args.push(...argv.slice(i + 1))
      break
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = a.slice(2, eq < 0 ? undefined : eq)
      const l = findLong(long, name)
      if (l === null || l === 'ambiguous') return {kind: 'bad-option', optopt: ''}
      const optopt = l.val ?? ''
      let value: string | undefined
      if (l.hasArg) {
        value = eq >= 0 ? a.slice(eq + 1) : argv[++i]
        if (value === undefined) return l.val === null ? {kind: 'missing-arg', option: `--${l.name}`} : {kind: 'bad-option', optopt}
      } else if (eq >= 0) {
        return {kind: 'bad-option', optopt}
      }
      if (l.val === 'h') return {kind: 'help'}
      opts.push(value === undefined ? {opt: l.val ?? l.name} : {opt: l.val ?? l.name, arg: value})
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]
        if (!shorts.has(c)) return {kind: 'bad-option', optopt: c}
        if (c === 'h') return {kind: 'help'}
        if (takesArg.has(c)) {
          const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i]
          if (value === undefined) return {kind: 'bad-option', optopt: c}
          opts.push({opt: c, arg: value})
          break
        }
        opts.push({opt: c})
      }
      continue
    }
    // getopt_long permutes: an argument does not end the options.
    args.push(a)
  }
  if (args.length < spec.requiredArgs) return {kind: 'too-few', required: spec.requiredArgs}
  return {kind: 'ok', opts, args}
}

/** The options SWITCH_FOREACH_OPT would hand to the command's switch, read back. */
export class Options {
  constructor(readonly list: readonly Opt[]) {}
  /** Given at least once. */
  has(opt: string): boolean {
    return this.list.some(o => o.opt === opt)
  }
  /** How many times (xl counts -w -w, -v -v). */
  count(opt: string): number {
    return this.list.filter(o => o.opt === opt).length
  }
  /** The last value given (each case of the switch overwrites the previous one). */
  arg(opt: string): string | undefined {
    let v: string | undefined
    for (const o of this.list) if (o.opt === opt) v = o.arg
    return v
  }
}
