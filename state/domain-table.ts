// host.domains as loaded from the state file: a Map whose domains are decoded
// from their rows only when a command reaches them. A command that reads a
// little decodes a little, and saving writes back only the domains it
// reached (anything that changed a domain had to reach it through here).
import type Database from 'better-sqlite3'
import type {Domain} from '../src/hypervisor/domain.js'
import {decodeDomain} from './codec.js'

export class DomainTable implements Map<number, Domain> {
  /** Domain ids in domid order, with the stored name of each. */
  private readonly names = new Map<number, string>()
  private readonly decoded = new Map<number, Domain>()
  /** The row text as loaded, to skip writing domains that did not change. */
  readonly loadedText = new Map<number, string>()
  /** Ids removed during this command. */
  readonly removed = new Set<number>()
  readonly [Symbol.toStringTag] = 'DomainTable'

  constructor(private readonly db: Database.Database) {
    for (const r of db.prepare('SELECT domid, name FROM domains ORDER BY domid').all() as {domid: number; name: string}[]) {
      this.names.set(r.domid, r.name)
    }
  }

  /** Domains reached by this command (decoded or added): the only ones a save must look at. */
  reached(): IterableIterator<[number, Domain]> {
    return this.decoded.entries()
  }

  /** A domain id by name without decoding anything (names stored beside the rows). */
  idByName(name: string): number | undefined {
    for (const [domid, stored] of this.names) {
      const d = this.decoded.get(domid)
      if ((d ? d.name : stored) === name) return domid
    }
    return undefined
  }

  get size(): number {
    return this.names.size
  }

  has(domid: number): boolean {
    return this.names.has(domid)
  }

  get(domid: number): Domain | undefined {
    if (!this.names.has(domid)) return undefined
    let d = this.decoded.get(domid)
    if (!d) {
      const row = this.db.prepare('SELECT data FROM domains WHERE domid = ?').get(domid) as {data: string}
      d = decodeDomain(row.data)
      this.loadedText.set(domid, row.data)
      this.decoded.set(domid, d)
    }
    return d
  }

  set(domid: number, d: Domain): this {
    this.names.set(domid, d.name)
    this.decoded.set(domid, d)
    this.removed.delete(domid)
    return this
  }

  delete(domid: number): boolean {
    if (!this.names.delete(domid)) return false
    this.decoded.delete(domid)
    this.removed.add(domid)
    return true
  }

  clear(): void {
    for (const domid of [...this.names.keys()]) this.delete(domid)
  }

  *keys(): MapIterator<number> {
    yield* [...this.names.keys()]
  }

  *values(): MapIterator<Domain> {
    for (const domid of [...this.names.keys()]) yield this.get(domid)!
  }

  *entries(): MapIterator<[number, Domain]> {
    for (const domid of [...this.names.keys()]) yield [domid, this.get(domid)!]
  }

  [Symbol.iterator](): MapIterator<[number, Domain]> {
    return this.entries()
  }

  forEach(fn: (d: Domain, domid: number, map: Map<number, Domain>) => void): void {
    for (const [domid, d] of this.entries()) fn(d, domid, this)
  }
}
