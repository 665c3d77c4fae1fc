// The mapping between core objects and stored rows. Core objects are plain
// data except for a few types JSON cannot hold (bigint, bytes, Map).
import type {Domain} from '../src/hypervisor/domain.js'

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/**
 * The fields JSON cannot hold are converted up front rather than through
 * a replacer (called for every value, it made encoding several times slower;
 * every command encodes each domain it reached to see whether it changed).
 * Same text as JSON.stringify with a bigint/bytes replacer: keys keep their order.
 */
export function encodeDomain(d: Domain): string {
  const vcpus = d.vcpus.map(v => (v.runstateArea ? {...v, runstateArea: {...v.runstateArea, bytes: toHex(v.runstateArea.bytes)}} : v))
  return JSON.stringify({...d, vmAssist: `0x${d.vmAssist.toString(16)}`, createdAt: `0x${d.createdAt.toString(16)}`, vcpus})
}

/** Throws on a row that is not a domain (a damaged file), before the core sees it. */
export function decodeDomain(text: string): Domain {
  const d = JSON.parse(text) as Domain
  if (d === null || typeof d !== 'object') throw new Error('not a JSON object')
  if (typeof d.domid !== 'number' || typeof d.name !== 'string' || !Array.isArray(d.vcpus) || typeof d.vmAssist !== 'string') {
    throw new Error('not a domain (domid, name, vcpus or vmAssist missing)')
  }
  d.vmAssist = BigInt(d.vmAssist as unknown as string)
  // Hex like vm_assist; a plain number in files written before time went 64-bit.
  d.createdAt = BigInt(d.createdAt as unknown as string | number)
  for (const v of d.vcpus) {
    if (v.runstateArea) v.runstateArea.bytes = new Uint8Array(Buffer.from(v.runstateArea.bytes as unknown as string, 'hex'))
  }
  return d
}

/**
 * Decoded rows kept across the commands of one process (`xl shell`), by
 * the row's exact text: the same text decodes to the same domain, so a row
 * unchanged since the last command is copied from the domain kept for it
 * instead of parsed again (a copy is many times cheaper than JSON.parse).
 * The kept domain is never handed out: a command may change what it gets
 * without saving it (a look that runs the toolstack's vCPU), so each one
 * gets its own copy. A row is kept once it was the same for two commands
 * in a row: a one-command process, and a row every command changes, pay
 * nothing for it.
 */
export class RowCache {
  private readonly rows = new Map<number, {text: string; kept?: Domain; copy?: ((d: Domain) => Domain) | null}>()

  /** The domain `text` holds, equal to what decodeDomain returns (and throwing like it on a damaged row). */
  decode(domid: number, text: string): Domain {
    const row = this.rows.get(domid)
    if (row?.text !== text) {
      this.rows.set(domid, {text})
      return decodeDomain(text)
    }
    if (row.copy === undefined) {
      const d = decodeDomain(text)
      row.copy = copierOf(d, text)
      if (row.copy === null) return d
      row.kept = d
    }
    if (row.copy === null) return decodeDomain(text)
    try {
      return row.copy(row.kept!)
    } catch {
      // Nesting too deep for the copy's recursion (JSON.parse has none): parse it, as before it was kept.
      row.copy = null
      row.kept = undefined
      return decodeDomain(text)
    }
  }

  /** Forget the rows of domains that no longer exist. */
  retain(domids: {has(domid: number): boolean}): void {
    for (const domid of this.rows.keys()) if (!domids.has(domid)) this.rows.delete(domid)
  }
}

/** A copy of decoded row data (JSON values, bigints, byte arrays) of any shape. */
function copyAny(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  if (v instanceof Uint8Array) return new Uint8Array(v)
  if (Array.isArray(v)) return v.map(copyAny)
  const o: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) {
    // JSON.parse makes "__proto__" an own key; assignment would set the prototype instead.
    if (k === '__proto__') Object.defineProperty(o, k, {value: copyAny(x), writable: true, enumerable: true, configurable: true})
    else o[k] = copyAny(x)
  }
  return o
}

/** Arrays up to this long are copied element by element in the generated code, longer ones by a loop. */
const INLINE_ARRAY = 8

/**
 * A JS expression copying the value at `src` that has the exact shape of
 * `v` (keys in their order, array lengths, which values are objects):
 * object literals of one shape are what V8 builds fastest. Primitives are
 * read from the source, so one function serves every value of the shape.
 */
function copyCode(v: unknown, src: string, depth: number): string {
  if (v === null || typeof v !== 'object') return src
  if (v instanceof Uint8Array) return `new Uint8Array(${src})`
  if (Array.isArray(v)) {
    if (v.length <= INLINE_ARRAY) return `[${v.map((x, i) => copyCode(x, `${src}[${i}]`, depth + 1)).join(',')}]`
    const x = `x${depth}`
    const each = copyCode(v[0], x, depth + 1)
    return v.every(e => copyCode(e, x, depth + 1) === each) ? `${src}.map(${x} => (${each}))` : `any(${src})`
  }
  const keys = Object.keys(v)
  if (keys.includes('__proto__')) return `any(${src})`
  const rec = v as Record<string, unknown>
  return `{${keys.map(k => `${JSON.stringify(k)}: ${copyCode(rec[k], `${src}[${JSON.stringify(k)}]`, depth + 1)}`).join(', ')}}`
}

/**
 * A row's structure: its text with each key followed by 0 and each value
 * that is not an object or array (string, number, true, false, null) as 0;
 * keys and punctuation are kept as they are. Rows of one structure decode
 * to values of one shape (decodeDomain converts by key path), so they share
 * one copier; this is much cheaper than the copier's code. Only for text
 * JSON.parse accepted: the scan then never starts inside a string. Null
 * for a row the regular expression cannot scan (millions of escapes in one
 * string exhaust its stack): that row is then parsed by every command.
 */
function structureOf(text: string): string | null {
  try {
    return text.replace(/("[^"\\]*(?:\\.[^"\\]*)*"\s*:)|"[^"\\]*(?:\\.[^"\\]*)*"|-?\d[\d.eE+-]*|true|false|null/g, '$10')
  } catch {
    return null
  }
}

/** Generated copiers by the structure of the rows they copy: the rows of a host have a few between them. */
const copiers = new Map<string, (d: Domain) => Domain>()

function copierOf(d: Domain, text: string): ((d: Domain) => Domain) | null {
  const structure = structureOf(text)
  if (structure === null) return null
  let f = copiers.get(structure)
  if (!f) {
    try {
      // The code is built from key names (JSON-quoted) and paths only: no row value is ever part of it.
      const make = new Function('any', `return s => (${copyCode(d, 's', 0)})`) as (any: typeof copyAny) => (d: Domain) => Domain
      f = make(copyAny)
    } catch {
      // A row nested too deep to write (or compile) its copier: parsed by every command.
      return null
    }
    copiers.set(structure, f)
  }
  return f
}
