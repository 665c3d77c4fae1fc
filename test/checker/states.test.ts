// The explorer's speed-ups explore exactly the same states: every matrix
// cell's state count and verdict as the explorer found them before
// (test/fixtures/checker/matrix-states.json). A cell stopped at its first
// violation counts the states up to it, so this also pins the search order.
// Writers or readers added since are not in the file and not compared here.
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {runMatrix, type Mode} from '../../src/checker/index.js'

const fixture = JSON.parse(readFileSync(new URL('../fixtures/checker/matrix-states.json', import.meta.url), 'utf8')) as Record<string, Record<string, Record<string, string>> | string>

describe('states explored', () => {
  for (const [name, cells] of Object.entries(fixture)) {
    if (typeof cells === 'string') continue
    it(`are unchanged in every cell of the ${name} matrix`, () => {
      const [, k, mode] = /^K=(\d) (\w+)$/.exec(name)!
      const m = runMatrix({updates: Number(k), mode: mode as Mode})
      const found: Record<string, Record<string, string>> = {}
      for (const row of m.rows) {
        const key = `${row.writer} ${row.reader}`
        if (key in cells) found[key] = Object.fromEntries(row.cells.map(c => [c.model, `${c.verdict} ${c.states}`]))
      }
      expect(found).toEqual(cells)
    }, 300_000)
  }
})
