// The open-addressing tables of the visited set and the choice cache: pairs
// of Int32 (entry number from 1, 0 for an empty slot; the entry's hash),
// probed linearly from hash & mask.

/** The table with twice the slots, every entry re-placed by its hash. */
export function rehashDoubled(old: Int32Array): Int32Array {
  const table = new Int32Array(old.length * 2)
  const mask = old.length - 1
  for (let j = 0; j < old.length; j += 2) {
    const e = old[j]!
    if (e === 0) continue
    const h = old[j + 1]!
    let i = h & mask
    while (table[2 * i] !== 0) i = (i + 1) & mask
    table[2 * i] = e
    table[2 * i + 1] = h
  }
  return table
}

/** `a` copied into a new array of `length` entries (an arena or list that outgrew its room). */
export function grown(a: Int32Array, length: number): Int32Array {
  const b = new Int32Array(length)
  b.set(a)
  return b
}
