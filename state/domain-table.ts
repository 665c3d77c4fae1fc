// host.domains as loaded from the state file: a Map whose domains are decoded
// from their rows only when a command reaches them. A command that reads a
// little decodes a little, and saving writes back only the domains it
// reached (anything that changed a domain had to reach it through here).
import type Database from 'better-sqlite3'
import type {Domain} from '../src/hypervisor/domain.js'
import type {DomainMap} from '../src/hypervisor/domain-map.js'
import {RowCache} from './codec.js'
import {DamagedRowError} from './errors.js'
import {fileStamp, statement} from './statements.js'

/**
 * What one connection (one per state file per process: `xl shell` runs
 * every command on it) learnt of the rows: the decoded ones (RowCache),
 * and the stored names and row texts as of a state of the file (stamp).
 * A later transaction that reads the same state (same stamp) takes them
 * instead of reading the rows again.
 */
interface Seen {
  rows: RowCache
  stamp: string | null
  names: Map<number, string>
  texts: Map<number, string>
}
const seenBy = new WeakMap<Database.Database, Seen>()

export class DomainTable implements DomainMap {
  /** Domain ids in domid order, with the stored name of each. */
  private readonly names: Map<number, string>
  private readonly decoded = new Map<number, Domain>()
  /** The row text as loaded, to skip writing domains that did not change. */
  readonly loadedText = new Map<number, string>()
  /** Ids removed during this command. */
  readonly removed = new Set<number>()
  private readonly seen: Seen

  constructor(private readonly db: Database.Database) {
    let seen = seenBy.get(db)
    if (!seen) seenBy.set(db, seen = {rows: new RowCache(), stamp: null, names: new Map(), texts: new Map()})
    this.seen = seen
    const stamp = fileStamp(db)
    if (stamp === null || stamp !== seen.stamp) {
      seen.stamp = stamp
      seen.names = new Map()
      seen.texts = new Map()
      for (const r of statement(db, 'SELECT domid, name FROM domains ORDER BY domid').all() as {domid: number; name: string}[]) {
        seen.names.set(r.domid, r.name)
      }
      seen.rows.retain(seen.names)
    }
    this.names = new Map(seen.names)
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
    let text = this.storedText(domid)
    if (text === undefined) {
      const row = statement(this.db, 'SELECT data FROM domains WHERE domid = ?').get(domid) as {data: string} | undefined
      if (!row) throw new DamagedRowError(`domains row ${domid}: vanished while loading`)
      text = this.learn(domid, row.data)
    }
    return this.decode(domid, text)
  }

  /** The row's text as read earlier in this state of the file, if it was. */
  private storedText(domid: number): string | undefined {
    return this.seen.stamp === null ? undefined : this.seen.texts.get(domid)
  }

  private learn(domid: number, text: string): string {
    if (this.seen.stamp !== null && this.seen.names.has(domid)) this.seen.texts.set(domid, text)
    return text
  }

  private decode(domid: number, text: string): Domain {
    let d: Domain
    try {
      d = this.seen.rows.decode(domid, text)
    } catch (e) {
      throw new DamagedRowError(`domains row ${domid}: ${(e as Error).message}`)
    }
    this.loadedText.set(domid, text)
    this.decoded.set(domid, d)
    return d
  }

  /** Before walking every domain: one query for all rows not decoded (or read) yet, instead of one per domain. */
  private decodeAll(): void {
    const missing = [...this.names.keys()].filter(domid => !this.decoded.has(domid))
    if (missing.length === 0) return
    if (missing.every(domid => this.storedText(domid) !== undefined)) {
      for (const domid of missing) this.decode(domid, this.storedText(domid)!)
      return
    }
    for (const r of statement(this.db, 'SELECT domid, data FROM domains').iterate() as IterableIterator<{domid: number; data: string}>) {
      if (this.names.has(r.domid) && !this.decoded.has(r.domid)) this.decode(r.domid, this.learn(r.domid, r.data))
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
