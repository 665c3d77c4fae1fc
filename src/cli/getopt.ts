// xl's option parsing (def_getopt over getopt_long with a permuting optstring),
// applied before oclif binds flags: -h/--help, unknown options, too few
// arguments, and combined short options ("-lv") expanded for oclif.
import type {GetoptSpec} from '../xl/help/index.js'

export type GetoptResult =
  | {kind: 'help'}
  | {kind: 'bad-option'; optopt: string}
  | {kind: 'missing-arg'; optopt: string}
  | {kind: 'too-few'; required: number}
  | {kind: 'ok'; argv: string[]}

export function xlGetopt(spec: GetoptSpec, args: readonly string[]): GetoptResult {
  const takesArg = new Set<string>()
  for (let i = 0; i < spec.short.length; i++) if (spec.short[i + 1] === ':') takesArg.add(spec.short[i])
  const shorts = new Set(spec.short.replace(/:/g, ''))
  const out: string[] = []
  let positional = 0
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '--') {
      out.push(...args.slice(i))
      positional += args.length - i - 1
      break
    }
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0]
      // xlsim's own flags, valid on every command.
      if (name === 'json') {
        out.push(a)
        continue
      }
      if (name === 'state') {
        out.push(a)
        if (!a.includes('=')) {
          if (i + 1 >= args.length) return {kind: 'missing-arg', optopt: ''}
          out.push(args[++i])
        }
        continue
      }
      const long = spec.long.find(l => l.name === name)
      if (!long) return {kind: 'bad-option', optopt: ''}
      if (long.val === 'h') return {kind: 'help'}
      out.push(a)
      if (long.hasArg && !a.includes('=')) {
        if (i + 1 >= args.length) return {kind: 'missing-arg', optopt: ''}
        out.push(args[++i])
      }
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]
        if (!shorts.has(c)) return {kind: 'bad-option', optopt: c}
        if (c === 'h') return {kind: 'help'}
        if (takesArg.has(c)) {
          const value = j + 1 < a.length ? a.slice(j + 1) : args[++i]
          if (value === undefined) return {kind: 'missing-arg', optopt: c}
          out.push(`-${c}`, value)
          break
        }
        out.push(`-${c}`)
      }
      continue
    }
    out.push(a)
    positional++
  }
  if (positional < spec.requiredArgs) return {kind: 'too-few', required: spec.requiredArgs}
  return {kind: 'ok', argv: out}
}
