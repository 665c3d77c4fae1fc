// The import graph of the build (dist/, tsc's output: one file per module)
// has no cycle, static or dynamic; and real xl's side never imports oclif.
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'

const DIST = resolve(import.meta.dirname, '..', 'dist')

function modules(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const top of ['src', 'state', 'commands']) {
    for (const e of readdirSync(join(DIST, top), {withFileTypes: true, recursive: true})) {
      if (!e.isFile() || !e.name.endsWith('.js')) continue
      const file = join(e.parentPath, e.name)
      const text = readFileSync(file, 'utf8')
      const deps = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm)].map(m => resolve(dirname(file), m[1]))
      graph.set(file, deps)
    }
  }
  return graph
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (m: string) => {
    state.set(m, 'open')
    stack.push(m)
    for (const d of graph.get(m) ?? []) {
      if (state.get(d) === 'open') found.push([...stack.slice(stack.indexOf(d)), d].map(f => relative(DIST, f)))
      else if (!state.has(d)) visit(d)
    }
    stack.pop()
    state.set(m, 'done')
  }
  for (const m of graph.keys()) if (!state.has(m)) visit(m)
  return found
}

describe('import graph', () => {
  const graph = modules()

  it('is read from the build', () => {
    expect(graph.size).toBeGreaterThan(100)
    expect(graph.get(join(DIST, 'src', 'xl', 'main.js'))).toContain(join(DIST, 'src', 'xl', 'cmdtable.js'))
  })

  it('has no cycle', () => {
    expect(cycles(graph)).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    expect(cycles(new Map([['/a', ['/b']], ['/b', ['/a']]]))).toEqual([[relative(DIST, '/a'), relative(DIST, '/b'), relative(DIST, '/a')]])
  })

  it('real xl commands reach @oclif/core through no static import', () => {
    const reach = new Set<string>()
    const walk = (m: string) => {
      if (reach.has(m)) return
      reach.add(m)
      const text = readFileSync(m, 'utf8')
      for (const d of text.matchAll(/\bfrom\s*['"](\.[^'"]+)['"]/g)) walk(resolve(dirname(m), d[1]))
    }
    walk(join(DIST, 'src', 'xl', 'main.js'))
    const oclif = [...reach].filter(m => /from\s*['"]@oclif\/core['"]/.test(readFileSync(m, 'utf8')))
    expect(oclif.map(m => relative(DIST, m))).toEqual([])
  })
})
