// Rows kept across the commands of one process: every command must get
// exactly what a fresh decode of the row gives, and its own copy of it.
import {afterEach, describe, expect, it} from 'vitest'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {initHost, readHost, withHost, withHostDb} from '../../state/session.js'
import {loadHost} from '../../state/store.js'
import {RowCache, decodeDomain, encodeDomain} from '../../state/codec.js'
import {bootHost} from '../../src/libxl/host-boot.js'
import {DEFAULT_HOST_CONFIG} from '../../src/hypervisor/host.js'
import {addDomain} from '../hypervisor/helpers.js'
import type {Domain} from '../../src/hypervisor/domain.js'

/** Rows of a host with dom0 (runstate areas), a 12-vCPU guest (a long vCPU array) and a config with odd keys. */
function rows(): [number, string][] {
  const host = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', clock: 'manual'})
  const big = addDomain(host, {type: 'pv', name: 'big', vcpus: 12, maxVcpus: 12})
  big.vcpus[3].hardAffinity = [1, 2]
  const odd = addDomain(host, {type: 'pvh', name: 'odd'})
  odd.config = JSON.parse('{"__proto__": {"polluted": true}, "0": [1, {"a": null}], "extra": {"x\\"y": "z"}}') as Record<string, unknown>
  return [...host.domains.values()].map(d => [d.domid, encodeDomain(d)])
}

/** The same row read by three commands in a row: fresh, then kept and copied. */
function thrice(cache: RowCache, domid: number, text: string): Domain[] {
  return [cache.decode(domid, text), cache.decode(domid, text), cache.decode(domid, text)]
}

describe('RowCache', () => {
  it('gives what a fresh decode gives, key order and types included', () => {
    const cache = new RowCache()
    for (const [domid, text] of rows()) {
      for (const d of thrice(cache, domid, text)) {
        expect(d).toStrictEqual(decodeDomain(text))
        expect(encodeDomain(d)).toBe(text)
        expect(Object.keys(d)).toEqual(Object.keys(decodeDomain(text)))
      }
    }
    const odd = cache.decode(2, rows()[2]![1])
    expect(Object.getPrototypeOf(odd.config)).toBe(Object.prototype)
    expect(Object.keys(odd.config)).toEqual(['0', '__proto__', 'extra'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('gives each command its own copy: what one changes without saving, the next does not see', () => {
    const cache = new RowCache()
    for (const [domid, text] of rows()) {
      const [, second, third] = thrice(cache, domid, text)
      second!.vcpus[0]!.runstate.time[0] = 999
      second!.vcpus[0]!.sched.work = -5
      if (second!.vcpus[0]!.runstateArea) second!.vcpus[0]!.runstateArea.bytes[0] = 0xff
      second!.vcpus.push(second!.vcpus[0]!)
      ;(second!.config as {extra?: unknown}).extra = 'changed'
      second!.guest.booted = !second!.guest.booted
      second!.vmAssist = 7n
      expect(third).toStrictEqual(decodeDomain(text))
      expect(encodeDomain(cache.decode(domid, text))).toBe(text)
    }
  })

  it('rows that differ only in a key name, a value\'s kind or blanks are not copied alike', () => {
    const cache = new RowCache()
    const [[, text]] = rows()
    const variants = [
      text,
      text.replace('"maxVcpus":', '"maxVcpuz":'),
      text.replace('"maxVcpus":', '"maxVcpus" :').replace('"weight":', '"weigh" :'),
      text.replace('"maxVcpus":', '"maxVcpus" :').replace('"weight":', '"weigth" :'),
      text.replace(/"shutdown":null/, '"shutdown":{"reason":"poweroff"}'),
      text.replace(/"shutdown":null/, '"shutdown":"[1,2]"'),
      text.replace(/"shutdown":null/, '"shutdown":[1,2]'),
    ]
    expect(new Set(variants).size).toBe(variants.length)
    variants.forEach((v, i) => thrice(cache, 100 + i, v))
    variants.forEach((v, i) => expect(cache.decode(100 + i, v)).toStrictEqual(decodeDomain(v)))
  })

  it('a row with a huge string of escapes (a long-running guest\'s console) is still given exactly', () => {
    const cache = new RowCache()
    const [[domid, text]] = rows()
    const d = decodeDomain(text)
    d.guest.console = 'a\n'.repeat(12_000_000)
    const big = encodeDomain(d)
    for (const got of thrice(cache, domid, big)) expect(encodeDomain(got)).toBe(big)
  }, 60_000)

  it('decodes a row whose text changed afresh, and still refuses a damaged one', () => {
    const cache = new RowCache()
    const [[domid, text]] = rows()
    thrice(cache, domid, text)
    const renamed = text.replace('"name":"Domain-0"', '"name":"other"')
    expect(renamed).not.toBe(text)
    expect(cache.decode(domid, renamed).name).toBe('other')
    expect(cache.decode(domid, renamed).name).toBe('other')
    expect(cache.decode(domid, text).name).toBe('Domain-0')
    expect(() => cache.decode(domid, '{"domid": 0}')).toThrow(/not a domain/)
    expect(() => cache.decode(domid, '{"domid": 0}')).toThrow(/not a domain/)
  })
})

describe('commands of one process on one state file', () => {
  let dir = ''
  afterEach(() => dir && rmSync(dir, {recursive: true, force: true}))

  it('a look that changed domains in memory and saved nothing leaves the next command the stored host', () => {
    dir = mkdtempSync(join(tmpdir(), 'xlsim-rows-'))
    const opts = {state: join(dir, 'host.db'), wallMs: 1_000}
    initHost(opts, {...DEFAULT_HOST_CONFIG, arch: 'x86_64', clock: 'manual'}, false)
    withHost(opts, h => void addDomain(h, {name: 'g', vcpus: 2, maxVcpus: 2}))
    const stored = readHost(opts, h => encodeDomain(h.domains.get(1)!))
    // Three looks: the row is decoded, then kept, then copied; each one changes what it got (a manual clock saves nothing).
    for (let i = 0; i < 3; i++) {
      readHost(opts, h => {
        const d = h.domains.get(1)!
        expect(encodeDomain(d)).toBe(stored)
        d.memKiB = 1
        d.vcpus[0]!.hardAffinity = [3]
        d.vcpus[1]!.runstate.time[2] += 1e9
        d.name = 'changed'
      })
    }
    expect(readHost(opts, h => encodeDomain(h.domains.get(1)!))).toBe(stored)
    // A command that saves: the next one sees what it saved.
    withHost(opts, h => void (h.domains.get(1)!.memKiB = 2048))
    expect(readHost(opts, h => h.domains.get(1)!.memKiB)).toBe(2048)
    expect(readHost(opts, h => h.domains.get(1)!.memKiB)).toBe(2048)
    // One that wrote rows and then failed (rolled back): the next one sees the file as it was.
    expect(() => withHost(opts, h => {
      h.domains.get(1)!.memKiB = 4096
      h.domains.delete(1)
      throw new Error('failed after changing rows')
    })).toThrow('failed after changing rows')
    expect(readHost(opts, h => [h.domains.size, h.domains.get(1)!.memKiB])).toEqual([2, 2048])
    // One that wrote a row itself, read it back in the same transaction, then failed: rolled back, unseen after.
    const stored2048 = readHost(opts, h => encodeDomain(h.domains.get(1)!))
    expect(() => withHostDb(opts, db => {
      db.prepare('UPDATE domains SET data = ? WHERE domid = 1').run(stored2048.replace('"memKiB":2048', '"memKiB":512'))
      expect(loadHost(db)!.host.domains.get(1)!.memKiB).toBe(512)
      throw new Error('failed after writing a row')
    })).toThrow('failed after writing a row')
    expect(readHost(opts, h => encodeDomain(h.domains.get(1)!))).toBe(stored2048)
    expect(readHost(opts, h => encodeDomain(h.domains.get(1)!))).toBe(stored2048)
  })
})
