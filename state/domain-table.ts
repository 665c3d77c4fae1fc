// host.domains as loaded from the state file: a Map whose domains are decoded
// from their rows only when a command reaches them. A command that reads a
// little decodes a little, and saving writes back only the domains it
// reached (anything that changed a domain had to reach it through here).
import type Database from 'better-sqlite3'
import type {Domain} from '../src/hypervisor/domain.js'
import type {DomainMap} from '../src/hypervisor/domain-map.js'
import {RowCache} from './codec.js'
import {DamagedRowError} from './errors.js'

/** Rows decoded by earlier commands of this process, per state file (see RowCache). */
const caches = new Map<string, RowCache>()

export class DomainTable implements DomainMap {
  /** Domain ids in domid order, with the stored name of each. */
  private readonly names = new Map<number, string>()
  private readonly decoded = new Map<number, Domain>()
  /** The row text as loaded, to skip writing domains that did not change. */
  readonly loadedText = new Map<number, string>()
  /** Ids removed during this command. */
  readonly removed = new Set<number>()
  /** SELECT of one row, prepared on first use. */
  private rowStmt: Database.Statement | undefined
  private readonly cache: RowCache

  constructor(private readonly db: Database.Database) {
    for (const r of db.prepare('SELECT domid, name FROM domains ORDER BY domid').all() as {domid: number; name: string}[]) {
      this.names.set(r.domid, r.name)
    }
    let cache = caches.get(db.name)
    if (!cache) caches.set(db.name, cache = new RowCache())
    cache.retain(this.names)
    this.cache = cache
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
    const d = this.decoded.get(domid)
    if (d) return d
    this.rowStmt ??= this.db.prepare('SELECT data FROM domains WHERE domid = ?')
    const row = this.rowStmt.get(domid) as {data: string} | undefined
    if (!row) throw new DamagedRowError(`domains row ${domid}: vanished while loading`)
    return this.decode(domid, row.data)
  }

  private decode(domid: number, text: string): Domain {
    let d: Domain
    try {
      d = this.cache.decode(domid, text)
    } catch (e) {
      throw new DamagedRowError(`domains row ${domid}: ${(e as Error).message}`)
    }
    this.loadedText.set(domid, text)
    this.decoded.set(domid, d)
    return d
  }

  /** Before walking every domain: one query for all rows not decoded yet, instead of one per domain. */
  private decodeAll(): void {
    if ([...this.names.keys()].every(domid => this.decoded.has(domid))) return
    for (const r of this.db.prepare('SELECT domid, data FROM domains').iterate() as IterableIterator<{domid: number; data: string}>) {
      if (this.names.has(r.domid) && !this.decoded.has(r.domid)) this.decode(r.domid, r.data)
    }
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

  *keys(): IterableIterator<number> {
    yield* [...this.names.keys()]
  }

  *values(): IterableIterator<Domain> {
    for (const [, d] of this.entries()) yield d
  }

  *entries(): IterableIterator<[number, Domain]> {
    this.decodeAll()
    for (const domid of [...this.names.keys()]) yield [domid, this.get(domid)!]
  }

  [Symbol.iterator](): IterableIterator<[number, Domain]> {
    return this.entries()
  }
}
