// Binds a command line to a CommandDef's flags and arguments, the way oclif's
// parser does (same token rules, same checks in the same order, same message
// texts), so a command behaves the same whichever runtime runs it. By the
// time argv gets here xl's getopt layer has already expanded combined short
// options and refused unknown ones for every real xl command.
import {STATE_FLAG, type CommandDef, type FlagDef} from './command-def.js'

/** A mistake on the command line; the message is in oclif's words. */
export class UsageError extends Error {
  /** Flags that do not exist (xl reports these as "option `c' not supported."). */
  readonly nonExistent: readonly string[]
  constructor(message: string, nonExistent: readonly string[] = []) {
    super(message)
    this.nonExistent = nonExistent
  }
}

export interface Bound {
  flags: Record<string, unknown>
  args: Record<string, string | undefined>
  argv: string[]
  json: boolean
}

const SEE_HELP = '\nSee more help with --help'

export function flagDefsOf(def: CommandDef): Record<string, FlagDef> {
  const flags: Record<string, FlagDef> = {...def.flags}
  if (!def.noState) flags.state = STATE_FLAG
  if (def.json) flags.json = {kind: 'boolean', description: 'Format output as json.'}
  return flags
}

export function bindArgv(def: CommandDef, input: readonly string[]): Bound {
  const defs = flagDefsOf(def)
  const byChar = new Map<string, string>()
  for (const [name, f] of Object.entries(defs)) if (f.char) byChar.set(f.char, name)
  const find = (tok: string): {name?: string; isLong: boolean} => {
    if (tok.startsWith('--')) return {name: Object.hasOwn(defs, tok.slice(2)) ? tok.slice(2) : undefined, isLong: true}
    if (tok.startsWith('-')) return {name: byChar.get(tok[1]), isLong: false}
    return {isLong: false}
  }

  const raw: {flag: string; input: string}[] = []
  const positional: string[] = []
  const nonExistent: string[] = []
  const argv = [...input]

  const parseFlag = (tok: string): boolean => {
    const {name, isLong} = find(tok)
    if (!name) {
      const eq = tok.indexOf('=')
      if (eq === -1) return false
      argv.unshift(tok.slice(eq + 1))
      const ok = parseFlag(tok.slice(0, eq))
      if (!ok) argv.shift()
      return ok
    }
    const f = defs[name]
    if (f.kind === 'boolean') {
      raw.push({flag: name, input: tok})
      // "-ab": the rest of the short characters are options too.
      if (!isLong && tok.length > 2) argv.unshift(`-${tok.slice(2)}`)
      return true
    }
    if (raw.some(r => r.flag === name)) throw new UsageError(`Flag --${name} can only be specified once`)
    const value = isLong || tok.length < 3 ? argv.shift() : tok.slice(tok[2] === '=' ? 3 : 2)
    if (value === undefined || find(value).name) {
      if (f.kind === 'string' && f.options) throw new UsageError(`Flag --${name} expects one of these values: ${f.options.join(', ')}`)
      throw new UsageError(`Flag --${name} expects a value`)
    }
    raw.push({flag: name, input: value})
    return true
  }

  let parsingFlags = true
  while (argv.length > 0) {
    const tok = argv.shift()!
    if (parsingFlags && tok.startsWith('-') && tok !== '-') {
      if (tok === '--') {
        parsingFlags = false
        continue
      }
      if (parseFlag(tok)) continue
      if (!/^-\d/.test(tok)) {
        nonExistent.push(tok)
        continue
      }
    }
    positional.push(tok)
  }

  // Values, in declaration order, as oclif checks them.
  const flags: Record<string, unknown> = {}
  for (const [name, f] of Object.entries(defs)) {
    const given = raw.filter(r => r.flag === name)
    if (f.kind === 'boolean') {
      flags[name] = given.length > 0
      continue
    }
    const value = given.at(-1)?.input
    if (value === undefined) {
      flags[name] = f.default
      continue
    }
    if (f.kind === 'string' && f.options && !f.options.includes(value)) {
      throw new UsageError(`Expected --${name}=${value} to be one of: ${f.options.join(', ')}${SEE_HELP}`)
    }
    flags[name] = f.kind === 'integer' ? parseInteger(name, value, f.min, f.max) : value
  }

  const argNames = Object.keys(def.args ?? {})
  if (nonExistent.length > 0) {
    throw new UsageError(`Nonexistent flag${nonExistent.length === 1 ? '' : 's'}: ${nonExistent.join(', ')}${SEE_HELP}`, nonExistent)
  }
  const missing = argNames.filter((n, i) => def.args![n].required && positional[i] === undefined)
  if (missing.length > 0) {
    const list = missing.map(n => `${n}  ${def.args![n].description ?? ''}`.trimEnd()).join('\n')
    throw new UsageError(`Missing ${missing.length} required arg${missing.length === 1 ? '' : 's'}:\n${list}${SEE_HELP}`)
  }
  if (def.strict !== false && positional.length > argNames.length) {
    const extra = positional.slice(argNames.length)
    throw new UsageError(`Unexpected argument${extra.length === 1 ? '' : 's'}: ${extra.join(', ')}${SEE_HELP}`)
  }
  const args: Record<string, string | undefined> = {}
  argNames.forEach((n, i) => (args[n] = positional[i]))
  const json = Boolean(def.json && flags.json)
  return {flags, args, argv: positional, json}
}

/** oclif's Flags.integer parse, with the message it wraps around failures. */
function parseInteger(name: string, input: string, min?: number, max?: number): number {
  const fail = (why: string) => new UsageError(`Parsing --${name} \n\t${why}${SEE_HELP}`)
  if (!/^-?\d+$/.test(input)) throw fail(`Expected an integer but received: ${input}`)
  const n = Number.parseInt(input, 10)
  if (min !== undefined && n < min) throw fail(`Expected an integer greater than or equal to ${min} but received: ${input}`)
  if (max !== undefined && n > max) throw fail(`Expected an integer less than or equal to ${max} but received: ${input}`)
  return n
}
