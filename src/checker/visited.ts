/**
 * The visited set: exact, for fixed-width vectors of 16-bit slots, open
 * addressing over one growing arena (no per-state objects, so no GC churn;
 * a Set<string> of the same states is several times slower).
 */
export class VisitedSet {
  private arena: Uint16Array
  private table: Int32Array
  private hashes: Int32Array
  private mask: number
  size = 0

  constructor(readonly width: number, initial = 1 << 16) {
    this.arena = new Uint16Array(initial * Math.max(width, 1))
    this.hashes = new Int32Array(initial)
    this.table = new Int32Array(initial * 4)
    this.mask = initial * 4 - 1
  }

  private static hash(v: Uint16Array): number {
    let h = 0x811c9dc5
    for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v[i]!, 0x01000193)
    return (h ^ (h >>> 15)) >>> 0
  }

  /** add v; false if it was already there */
  add(v: Uint16Array): boolean {
    const w = this.width
    const h = VisitedSet.hash(v)
    let i = h & this.mask
    for (;;) {
      const e = this.table[i]!
      if (e === 0) break
      const at = (e - 1) * w
      let same = true
      for (let k = 0; k < w; k++) {
        if (this.arena[at + k] !== v[k]) {
          same = false
          break
        }
      }
      if (same) return false
      i = (i + 1) & this.mask
    }
    if ((this.size + 1) * w > this.arena.length) {
      const a = new Uint16Array(this.arena.length * 2)
      a.set(this.arena)
      this.arena = a
      const hs = new Int32Array(this.hashes.length * 2)
      hs.set(this.hashes)
      this.hashes = hs
    }
    this.arena.set(v, this.size * w)
    this.hashes[this.size] = h
    this.size++
    this.table[i] = this.size
    if (this.size * 2 > this.table.length / 2) this.grow()
    return true
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2)
    const mask = table.length - 1
    for (let e = 1; e <= this.size; e++) {
      let i = this.hashes[e - 1]! & mask
      while (table[i] !== 0) i = (i + 1) & mask
      table[i] = e
    }
    this.table = table
    this.mask = mask
  }
}
