import {grown, rehashDoubled} from './hash-table.js'
/**
 * The partial-order reduction's choice per set of performed events: the
 * stubborn set explore.ts computes depends only on which events are done
 * (whether an event is enabled is a function of them), while a state also
 * holds registers and memory, so many states share one done set (about half
 * of the states of a runstate matrix cell repeat one). Kept here, the
 * closure is computed once per done set instead of once per state.
 *
 * Open addressing like the visited set: a done set is a few 32-bit words,
 * its chosen events a run in one growing list; nothing allocated per entry.
 */
export class ChoiceCache {
  /** the done sets, `words` a set, in entry order */
  private keys: Int32Array
  /** per entry: where its events start in `list`, and how many */
  private starts: Int32Array
  private lengths: Int32Array
  /** pairs: entry number (1-based, 0 = empty), hash */
  private table: Int32Array
  private mask: number
  private used = 0
  /** the chosen events of every entry, back to back (read it after add: it can move) */
  list: Int32Array
  size = 0

  constructor(readonly words: number, initial = 1 << 10) {
    this.keys = new Int32Array(initial * Math.max(words, 1))
    this.starts = new Int32Array(initial)
    this.lengths = new Int32Array(initial)
    this.table = new Int32Array(initial * 4 * 2)
    this.mask = initial * 4 - 1
    this.list = new Int32Array(initial * 4)
  }

  static hash(key: Int32Array, words: number): number {
    let h = 0x811c9dc5
    for (let w = 0; w < words; w++) h = Math.imul(h ^ key[w]!, 0x01000193)
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
    return h ^ (h >>> 13)
  }

  /** the entry for this done set, or -1 */
  find(key: Int32Array, h: number): number {
    const w = this.words
    const table = this.table
    const keys = this.keys
    let i = h & this.mask
    for (;;) {
      const e = table[2 * i]!
      if (e === 0) return -1
      if (table[2 * i + 1] === h) {
        const at = (e - 1) * w
        let k = 0
        while (k < w && keys[at + k] === key[k]) k++
        if (k === w) return e - 1
      }
      i = (i + 1) & this.mask
    }
  }

  start(entry: number): number {
    return this.starts[entry]!
  }

  length(entry: number): number {
    return this.lengths[entry]!
  }

  /** remember events[0 .. n) for a done set not yet here (find said -1); its entry */
  add(key: Int32Array, h: number, events: Int32Array, n: number): number {
    const w = this.words
    const e = this.size
    if (e === this.starts.length) {
      this.keys = grown(this.keys, this.keys.length * 2)
      this.starts = grown(this.starts, e * 2)
      this.lengths = grown(this.lengths, e * 2)
    }
    for (let k = 0; k < w; k++) this.keys[e * w + k] = key[k]!
    if (this.used + n > this.list.length) this.list = grown(this.list, Math.max(this.list.length * 2, this.used + n))
    for (let k = 0; k < n; k++) this.list[this.used + k] = events[k]!
    this.starts[e] = this.used
    this.lengths[e] = n
    this.used += n
    this.size++
    const table = this.table
    let i = h & this.mask
    while (table[2 * i] !== 0) i = (i + 1) & this.mask
    table[2 * i] = this.size
    table[2 * i + 1] = h
    if (this.size * 2 > this.mask + 1) this.grow()
    return e
  }

  private grow(): void {
    this.table = rehashDoubled(this.table)
    this.mask = this.table.length / 2 - 1
  }
}
