// The host's domains as the core sees them: keyed by domid, iterated in
// domid order. A plain Map satisfies it; the state file provides its own
// implementation (rows decoded when reached) without the core knowing.
import type {Domain} from './domain.js'

export interface DomainMap extends Iterable<[number, Domain]> {
  readonly size: number
  get(domid: number): Domain | undefined
  has(domid: number): boolean
  set(domid: number, d: Domain): unknown
  delete(domid: number): boolean
  keys(): IterableIterator<number>
  values(): IterableIterator<Domain>
  entries(): IterableIterator<[number, Domain]>
}
