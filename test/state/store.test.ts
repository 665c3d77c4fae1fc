// The state file with real SQLite files in a temp dir.
import {afterEach, describe, expect, it} from 'vitest'
import Database from 'better-sqlite3'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {inTransaction, loadHost, openState, saveHost} from '../../state/store.js'
import {StateError} from '../../state/errors.js'
import {SCHEMA_VERSION} from '../../state/schema.js'
import {bootHost} from '../../src/libxl/host-boot.js'
import {DEFAULT_HOST_CONFIG} from '../../src/hypervisor/host.js'
import {addDomain} from '../hypervisor/helpers.js'
import {decodeDomain, encodeDomain} from '../../state/codec.js'
import type {Domain} from '../../src/hypervisor/domain.js'

/** The straightforward encoding (a replacer for the two non-JSON types) the fast encoder must equal. */
function referenceEncoding(d: Domain): string {
  return JSON.stringify(d, (_k, v) => {
    if (typeof v === 'bigint') return `0x${v.toString(16)}`
    if (v instanceof Uint8Array) return Buffer.from(v).toString('hex')
    return v
  })
}

let dir: string
afterEach(() => dir && rmSync(dir, {recursive: true, force: true}))
function tmp(name = 'host.db'): string {
  dir = mkdtempSync(join(tmpdir(), 'xlsim-state-'))
  return join(dir, name)
}

describe('domain codec', () => {
  it('encodes exactly like JSON with a bigint/bytes replacer, and decodes back', () => {
    const host = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', clock: 'manual'})
    const pv = addDomain(host, {type: 'pv'})
    pv.vmAssist = (1n << 63n) | 0x2dn
    addDomain(host, {type: 'pvh', name: 'second'})
    for (const d of host.domains.values()) {
      const text = encodeDomain(d)
      expect(text).toBe(referenceEncoding(d))
      const back = decodeDomain(text)
      expect(back).toEqual(d)
      expect(encodeDomain(back)).toBe(text)
    }
    // dom0's vCPUs registered runstate areas: bytes are stored as hex and come back as bytes.
    expect(host.domains.get(0)!.vcpus.some(v => v.runstateArea)).toBe(true)
  })
})

describe('state file', () => {
  it('round-trips a host exactly', () => {
    const path = tmp()
    const host = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', clock: 'manual'})
    const d = addDomain(host, {type: 'pv'})
    d.vmAssist = 0x10000002dn
    host.now = 123_456_789
    const db = openState(path, {create: true})
    inTransaction(db, () => saveHost(db, {host, wallMs: 42}))
    db.close()
    const db2 = openState(path, {create: false})
    const loaded = loadHost(db2)!
    // Domains decode lazily, inside the transaction that loaded them.
    for (const d of loaded.host.domains.values()) expect(d.name).toBeTruthy()
    expect(loaded.wallMs).toBe(42)
    expect(loaded.host.now).toBe(123_456_789)
    expect(loaded.host.domains.get(1)!.vmAssist).toBe(0x10000002dn)
    expect(loaded.host.domains.get(0)!.vcpus[0].runstateArea!.bytes).toEqual(host.domains.get(0)!.vcpus[0].runstateArea!.bytes)
    expect(loaded.host.console.text).toBe(host.console.text)
    expect(loaded.host.config).toEqual(host.config)
    db2.close()
  })

  it('decodes only the domains a command reaches, and saves only those', () => {
    const path = tmp()
    const host = bootHost({...DEFAULT_HOST_CONFIG, clock: 'manual'})
    for (let i = 1; i <= 50; i++) addDomain(host, {name: `g${i}`, memKiB: 1024})
    const db = openState(path, {create: true})
    inTransaction(db, () => saveHost(db, {host, wallMs: 0}))
    inTransaction(db, () => {
      const stored = loadHost(db)!
      const table = stored.host.domains as unknown as {reached(): IterableIterator<[number, unknown]>; idByName(n: string): number | undefined}
      expect(stored.host.domains.size).toBe(51)
      expect(table.idByName('g17')).toBe(17)
      stored.host.domains.get(17)!.name = 'renamed'
      expect([...table.reached()].map(([id]) => id)).toEqual([17])
      expect(table.idByName('renamed')).toBe(17)
      expect(table.idByName('g17')).toBeUndefined()
      stored.host.domains.delete(3)
      saveHost(db, stored)
    })
    const again = inTransaction(db, () => {
      const s = loadHost(db)!
      return [...s.host.domains.values()].map(d => d.name)
    })
    // Walking every domain decodes the rest with one query; rows removed in this command stay removed.
    inTransaction(db, () => {
      const s = loadHost(db)!
      s.host.domains.get(5)
      s.host.domains.delete(7)
      const names = [...s.host.domains.values()].map(d => d.name)
      expect(names).toHaveLength(49)
      expect(names).not.toContain('g7')
      expect(names.slice(0, 3)).toEqual(['Domain-0', 'g1', 'g2'])
    })
    expect(again).toHaveLength(50)
    expect(again).toContain('renamed')
    expect(again).not.toContain('g3')
  })

  it('writes only the domain rows that changed', () => {
    const path = tmp()
    const host = bootHost({...DEFAULT_HOST_CONFIG, clock: 'manual'})
    for (let i = 1; i <= 20; i++) addDomain(host, {name: `g${i}`, memKiB: 1024})
    const db = openState(path, {create: true})
    inTransaction(db, () => saveHost(db, {host, wallMs: 0}))
    const stored = loadHost(db)!
    stored.host.domains.get(7)!.name = 'renamed'
    const before = db.prepare('SELECT total_changes() AS n').get() as {n: number}
    inTransaction(db, () => saveHost(db, stored))
    const after = db.prepare('SELECT total_changes() AS n').get() as {n: number}
    expect(after.n - before.n).toBe(2) // the host row and one domain row
    db.close()
  })

  it('stamps the schema version and application id', () => {
    const path = tmp()
    openState(path, {create: true}).close()
    const db = new Database(path)
    expect(db.pragma('user_version', {simple: true})).toBe(SCHEMA_VERSION)
    expect(db.pragma('application_id', {simple: true})).toBe(0x786c736d)
    db.close()
  })

  const refused: [string, (p: string) => void, RegExp][] = [
    ['garbage', p => writeFileSync(p, 'this is not a database at all, not even close'.repeat(10)), /not an xlsim state file \(not an SQLite database\)/],
    ['truncated', p => {
      const src = tmp('src.db')
      openState(src, {create: true}).close()
      writeFileSync(p, readFileSync(src).subarray(0, 50))
    }, /not an xlsim state file/],
    ['foreign', p => {
      const db = new Database(p)
      db.exec('CREATE TABLE users (id INTEGER)')
      db.close()
    }, /an SQLite file that is not an xlsim state file/],
    ['future', p => {
      openState(p, {create: true}).close()
      const db = new Database(p)
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
      db.close()
    }, /schema version \d+ is newer than this xl understands/],
  ]

  for (const [name, make, message] of refused) {
    it(`refuses a ${name} file with one line and leaves it untouched`, () => {
      const path = tmp()
      make(path)
      const bytes = readFileSync(path)
      let err: unknown
      try {
        openState(path, {create: false})
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(StateError)
      expect((err as Error).message).toMatch(message)
      expect((err as Error).message).toContain(path)
      expect((err as Error).message.split('\n')).toHaveLength(1)
      expect(readFileSync(path).equals(bytes)).toBe(true)
    })
  }
})
