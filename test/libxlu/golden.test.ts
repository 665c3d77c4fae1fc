import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {ConfigParseError, parseConfig, type ConfigValue} from '../../src/libxlu/index.js'

/**
 * Differential test against the real thing: fixtures/libxlu-golden.json
 * holds what Xen 4.17's libxlu (its shipped flex/bison C, compiled) printed
 * for generated inputs. Our parser must print exactly the same.
 */
const golden = JSON.parse(readFileSync(new URL('./fixtures/libxlu-golden.json', import.meta.url), 'utf8')) as {
  cases: {input: string; output: string[]}[]
}

const pstr = (s: string): string => {
  let o = '"'
  for (const b of Buffer.from(s, 'utf8')) {
    o += b < 32 || b === 34 || b === 92 || b >= 127 ? '\\x' + b.toString(16).padStart(2, '0') : String.fromCharCode(b)
  }
  return o + '"'
}
const pval = (v: ConfigValue): string => (v.kind === 'string' ? pstr(v.value) : `[${v.items.map(pval).join(',')}]`)

function ours(input: string): string[] {
  try {
    const cfg = parseConfig(input, 'f.cfg')
    return cfg.settings.map((s) => `S ${s.name} ${s.op === 'add' ? 1 : 0} ${s.line} ${pval(s.value)}`)
  } catch (e) {
    if (e instanceof ConfigParseError) return e.lines
    throw e
  }
}

describe('same output as the real libxlu', () => {
  it(`${golden.cases.length} recorded cases`, () => {
    expect(golden.cases.length).toBeGreaterThan(300)
    for (const c of golden.cases) expect({input: c.input, output: ours(c.input)}).toEqual(c)
  })
})
