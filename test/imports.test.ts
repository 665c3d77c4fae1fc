// The import graph of the code rooms: no cycles (type-only imports count, as
// they tie the modules' declarations together just the same, and so do
// import('...') calls, which load the module all the same), and the floors
// between the layers hold: the hypervisor knows nothing of the guest model,
// the toolstack, the CLI or the store; the guest model nothing of the
// toolstack, the CLI or the store; libxl/libxlu nothing of xl, the views or
// the store; only state/ talks to SQLite; real xl's commands start without
// loading oclif.
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import ts from 'typescript'
import {describe, expect, it} from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const ROOMS = ['src', 'state', 'commands']

interface Edge {
  readonly to: string
  /** An import('...') call, evaluated when reached rather than when the module loads. */
  readonly dynamic: boolean
  /** Names only types: erased from the JavaScript, so nothing is loaded for it. */
  readonly typeOnly: boolean
}

interface Specifier {
  readonly spec: string
  readonly dynamic: boolean
  readonly typeOnly: boolean
}

function importsOnlyTypes(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause
  if (!clause) return false
  if (clause.isTypeOnly) return true
  const named = clause.namedBindings
  return !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0
    && named.elements.every(e => e.isTypeOnly)
}

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(`${ROOT}${dir}`)) {
    const rel = `${dir}/${name}`
    if (statSync(`${ROOT}${rel}`).isDirectory()) out.push(...sources(rel))
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(rel)
  }
  return out
}

/** Every module specifier a file names: import/export ... from, import '...', import('...'), import type. */
export function specifiers(file: string, text: string): Specifier[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const out: Specifier[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({spec: node.moduleSpecifier.text, dynamic: false, typeOnly: importsOnlyTypes(node)})
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({spec: node.moduleSpecifier.text, dynamic: false, typeOnly: node.isTypeOnly})
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)
      && ts.isStringLiteral(node.moduleReference.expression)) {
      out.push({spec: node.moduleReference.expression.text, dynamic: false, typeOnly: node.isTypeOnly})
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
      && ts.isStringLiteral(node.argument.literal)) {
      // `import('./x.js').T` in a type position: a type-only import.
      out.push({spec: node.argument.literal.text, dynamic: false, typeOnly: true})
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
      && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      out.push({spec: node.arguments[0].text, dynamic: true, typeOnly: false})
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return out
}

/** A relative specifier to the repo path of its .ts/.tsx source; a package name as itself. */
function resolve(from: string, spec: string, files: ReadonlySet<string>): string {
  if (!spec.startsWith('.')) return spec
  const base = new URL(spec, `file:///${from}`).pathname.slice(1)
  const stem = base.replace(/\.(js|jsx|mjs)$/, '')
  for (const c of [`${stem}.ts`, `${stem}.tsx`, base, `${base}/index.ts`]) if (files.has(c)) return c
  throw new Error(`${from}: cannot resolve '${spec}'`)
}

function graph(): Map<string, Edge[]> {
  const files = ROOMS.flatMap(sources)
  const known = new Set(files)
  const g = new Map<string, Edge[]>()
  for (const f of files) {
    const edges = specifiers(f, readFileSync(`${ROOT}${f}`, 'utf8'))
      .map(({spec, dynamic, typeOnly}) => ({to: resolve(f, spec, known), dynamic, typeOnly}))
    g.set(f, edges)
  }
  return g
}

/**
 * Import edges that close a cycle someone is removing; they are left out of
 * the search so that any other cycle fails. Each names its owner.
 */
const KNOWN_CYCLE_EDGES: readonly string[] = []

/** One cycle per strongly connected component (Tarjan), each as the path a -> b -> ... -> a. */
export function cycles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const comps: string[][] = []
  const strong = (v: string): void => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = []
      let w: string
      do {
        w = stack.pop()!
        on.delete(w)
        comp.push(w)
      } while (w !== v)
      if (comp.length > 1 || (g.get(v) ?? []).includes(v)) comps.push(comp)
    }
  }
  for (const v of [...g.keys()].sort()) if (!idx.has(v)) strong(v)
  return comps.map(comp => shortestCycle(g, new Set(comp)))
}

/** The shortest cycle through the component's first node in path order, by breadth-first search. */
function shortestCycle(g: ReadonlyMap<string, readonly string[]>, comp: ReadonlySet<string>): string[] {
  const start = [...comp].sort()[0]!
  const prev = new Map<string, string>()
  const queue = [start]
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!
    for (const w of g.get(v) ?? []) {
      if (!comp.has(w)) continue
      if (w === start) {
        const path = [v]
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!)
        return [...path, start]
      }
      if (!prev.has(w) && w !== start) {
        prev.set(w, v)
        queue.push(w)
      }
    }
  }
  return [start, start]
}

function edgeGraph(g: ReadonlyMap<string, readonly Edge[]>, skip: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [f, edges] of g) {
    out.set(f, [...new Set(edges.filter(e => !skip.has(`${f} -> ${e.to}`)).map(e => e.to))])
  }
  return out
}

/** Imports from `from` (a folder or file prefix) into any of `banned`. */
function crossings(g: ReadonlyMap<string, readonly Edge[]>, from: string, banned: readonly string[]): string[] {
  const hits: string[] = []
  for (const [f, edges] of g) {
    if (!f.startsWith(from)) continue
    for (const e of edges) if (banned.some(b => e.to === b || e.to.startsWith(b))) hits.push(`${f} -> ${e.to}`)
  }
  return hits
}

describe('the import graph', () => {
  const g = graph()

  it('reads the sources', () => {
    expect(g.size).toBeGreaterThan(100)
    expect(g.get('src/hypervisor/host.ts')!.length).toBeGreaterThan(0)
  })

  it('has no cycle, type-only and dynamic imports included', () => {
    const found = cycles(edgeGraph(g, new Set(KNOWN_CYCLE_EDGES))).map(c => c.join(' -> '))
    expect(found).toEqual([])
  })

  it('still has each known cycle edge (drop the ones that are gone)', () => {
    const all = new Set([...g].flatMap(([f, edges]) => edges.map(e => `${f} -> ${e.to}`)))
    expect(KNOWN_CYCLE_EDGES.filter(e => !all.has(e))).toEqual([])
  })

  it('keeps the hypervisor free of the guest model, the toolstack, the CLI and the store', () => {
    expect(crossings(g, 'src/hypervisor/', ['src/guest/', 'src/libxl/', 'src/libxlu/', 'src/xl/', 'src/views/',
      'src/cli/', 'src/shell/', 'src/commands/', 'src/checker/', 'state/', 'commands/'])).toEqual([])
  })

  it('keeps the guest model free of the toolstack, the CLI and the store', () => {
    expect(crossings(g, 'src/guest/', ['src/libxl/', 'src/libxlu/', 'src/xl/', 'src/views/', 'src/cli/',
      'src/shell/', 'src/commands/', 'state/', 'commands/'])).toEqual([])
  })

  it('keeps libxl and libxlu free of xl, the views and the store', () => {
    for (const lib of ['src/libxl/', 'src/libxlu/']) {
      expect(crossings(g, lib, ['src/xl/', 'src/views/', 'src/cli/', 'src/shell/', 'src/commands/', 'state/',
        'commands/'])).toEqual([])
    }
  })

  it('lets real xl commands reach @oclif/core through no import that loads it at start', () => {
    const reach = new Set<string>()
    const walk = (f: string): void => {
      if (reach.has(f) || !g.has(f)) return
      reach.add(f)
      for (const e of g.get(f)!) if (!e.dynamic && !e.typeOnly) walk(e.to)
    }
    walk('src/xl/main.ts')
    expect(reach.size).toBeGreaterThan(10)
    expect([...reach].filter(f => g.get(f)!.some(e => e.to === '@oclif/core' && !e.dynamic && !e.typeOnly))).toEqual([])
  })

  it("starts xl without loading any real xl command's file (each is loaded when it runs)", () => {
    const reach = new Set<string>()
    const walk = (f: string): void => {
      if (reach.has(f) || !g.has(f)) return
      reach.add(f)
      for (const e of g.get(f)!) if (!e.dynamic && !e.typeOnly) walk(e.to)
    }
    walk('src/xl/main.ts')
    const commandFiles = g.get('src/xl/cmdtable.ts')!.filter(e => e.dynamic).map(e => e.to)
    expect(commandFiles.length).toBeGreaterThan(20)
    expect(commandFiles.filter(f => reach.has(f))).toEqual([])
  })

  it('lets only state/ import better-sqlite3', () => {
    const users = [...g].filter(([, edges]) => edges.some(e => e.to === 'better-sqlite3')).map(([f]) => f)
    expect(users.length).toBeGreaterThan(0)
    expect(users.filter(f => !f.startsWith('state/'))).toEqual([])
  })
})

describe('the cycle search', () => {
  it('finds a cycle and prints it as a path', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []]])
    expect(cycles(g)).toEqual([['a', 'b', 'c', 'a']])
  })
  it('finds a module that imports itself', () => {
    expect(cycles(new Map([['a', ['a']]]))).toEqual([['a', 'a']])
  })
  it('passes a graph without cycles', () => {
    expect(cycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([])
  })
  it('reads type-only, re-export and dynamic specifiers', () => {
    const text = [
      "import type {A} from './a.js'",
      "import {type B} from './b.js'",
      "export {C} from './c.js'",
      "export * from './d.js'",
      "import './e.js'",
      "type F = import('./f.js').F",
      "const g = () => import('./g.js')",
      "// import x from './comment.js'",
      "const s = \"import y from './string.js'\"",
    ].join('\n')
    expect(specifiers('x.ts', text)).toEqual([
      {spec: './a.js', dynamic: false, typeOnly: true}, {spec: './b.js', dynamic: false, typeOnly: true},
      {spec: './c.js', dynamic: false, typeOnly: false}, {spec: './d.js', dynamic: false, typeOnly: false},
      {spec: './e.js', dynamic: false, typeOnly: false}, {spec: './f.js', dynamic: false, typeOnly: true},
      {spec: './g.js', dynamic: true, typeOnly: false},
    ])
  })
})
