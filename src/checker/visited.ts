import {grown, rehashDoubled} from './hash-table.js'
/**
 * The visited set: exact, for fixed-width vectors of 16-bit slots, open
 * addressing over one growing arena (no per-state objects, so no GC churn;
 * a Set<string> of the same states is several times slower). Each table
 * slot holds an entry and its hash side by side: a probe that meets another
 * state's entry is told apart by the hash in the same cache line, without
 * reading that state from the arena.
 *
 * The caller writes the state into `vector` and calls add(): hashing and
 * comparing go two slots at a time through a 32-bit view of it.
 */
export class VisitedSet {
  /** the state to add, written by the caller: `width` slots, then one always 0 when width is odd */
  readonly vector: Uint16Array
  /** the same state as 32-bit words: hashed and compared two slots at a time */
  private readonly words: Int32Array
  private readonly wordsPerState: number
  private arena: Int32Array
  /** pairs: entry number (1-based, 0 = empty), full hash */
  private table: Int32Array
  private mask: number
  size = 0

  constructor(readonly width: number, initial = 1 << 16) {
    this.wordsPerState = Math.max(1, (width + 1) >> 1)
    this.vector = new Uint16Array(this.wordsPerState * 2)
    this.words = new Int32Array(this.vector.buffer)
    this.arena = new Int32Array(initial * this.wordsPerState)
    this.table = new Int32Array(initial * 4 * 2)
    this.mask = initial * 4 - 1
  }

  /** add the state in `vector`; false if it was already there */
  add(): boolean {
    const v = this.words
    const w = this.wordsPerState
    let h = 0x811c9dc5
    for (let k = 0; k < w; k++) h = Math.imul(h ^ v[k]!, 0x01000193)
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
    h ^= h >>> 13
    const table = this.table
    const arena = this.arena
    let i = h & this.mask
    for (;;) {
      const e = table[2 * i]!
      if (e === 0) break
      if (table[2 * i + 1] === h) {
        const at = (e - 1) * w
        let k = 0
        while (k < w && arena[at + k] === v[k]) k++
        if (k === w) return false
      }
      i = (i + 1) & this.mask
    }
    if ((this.size + 1) * w > arena.length) this.arena = grown(arena, arena.length * 2)
    const at = this.size * w
    for (let k = 0; k < w; k++) this.arena[at + k] = v[k]!
    this.size++
    table[2 * i] = this.size
    table[2 * i + 1] = h
    if (this.size * 2 > this.mask + 1) this.grow()
    return true
  }

  private grow(): void {
    this.table = rehashDoubled(this.table)
    this.mask = this.table.length / 2 - 1
  }
}
