// xlsim's own commands as entries beside xl's table (for the prefix lookup,
// `xl help <name>` and the shell's completion), read from oclif's manifest
// (oclif.manifest.json, written at build time from commands/) without
// loading oclif: the commands are declared once, as oclif classes.
import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import type {CommandSpec} from '../xl/command.js'

interface ManifestCommand {
  summary?: string
  flags?: Record<string, {char?: string}>
}

export interface XlsimManifest {
  commands: Record<string, ManifestCommand>
  /** package.json's oclif.topics: descriptions of topics without a command of their own (host). */
  topics: Record<string, {description?: string}>
}

const cache = new Map<string, XlsimManifest>()

let packageRoot: string | undefined

/** The package's root: the folder above this module (in dist/src or in dist/bundle) that holds the manifest. */
export function xlsimRoot(): string {
  if (packageRoot === undefined) {
    let dir = import.meta.dirname
    while (!existsSync(join(dir, 'oclif.manifest.json')) && dirname(dir) !== dir) dir = dirname(dir)
    packageRoot = dir
  }
  return packageRoot
}

export function xlsimManifest(root: string = xlsimRoot()): XlsimManifest {
  let m = cache.get(root)
  if (!m) {
    const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as {commands: XlsimManifest['commands']}
    const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {oclif?: {topics?: XlsimManifest['topics']}}
    m = {commands: manifest.commands, topics: pjson.oclif?.topics ?? {}}
    cache.set(root, m)
  }
  return m
}

const entries = new Map<string, readonly CommandSpec[]>()

/** One entry per top-level name (host, clock, runstate, shell, ...), in name order; built once per manifest (each lookup of an xlsim word in `xl shell` asks). */
export function xlsimCommands(root: string = xlsimRoot()): readonly CommandSpec[] {
  let built = entries.get(root)
  if (!built) entries.set(root, built = buildEntries(xlsimManifest(root)))
  return built
}

function buildEntries(m: XlsimManifest): readonly CommandSpec[] {
  const names = [...new Set(Object.keys(m.commands).map(id => id.split(':')[0]))].sort()
  return names.map(name => {
    const ids = Object.keys(m.commands).filter(id => id === name || id.startsWith(`${name}:`))
    const flags = [...new Set(ids.flatMap(id => Object.keys(m.commands[id].flags ?? {})))].map(f => `--${f}`)
    const summary = m.commands[name]?.summary ?? m.topics[name]?.description ?? ''
    return {name, canDryrun: false, modifies: false, summary, usage: null, options: flags.join(' '), getopt: null, xlsim: true}
  })
}

/** The oclif command id of `name words...` (topics: "host snapshot save" is host:snapshot:save) and the rest. */
export function xlsimId(root: string, argv: readonly string[]): {id: string; rest: string[]} {
  const ids = Object.keys(xlsimManifest(root).commands)
  const known = (id: string) => ids.some(c => c === id || c.startsWith(`${id}:`))
  let id = argv[0]
  let i = 1
  while (i < argv.length && known(`${id}:${argv[i]}`)) id = `${id}:${argv[i++]}`
  return {id, rest: argv.slice(i)}
}
