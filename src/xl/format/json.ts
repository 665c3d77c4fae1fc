/**
 * A tiny model of yajl's generator in "beautify" mode with a 4-space indent
 * (libxl_yajl_gen_alloc), enough to reproduce libxl's JSON byte for byte:
 *   - `{`/`[` are followed by a newline, `}`/`]` preceded by one and indented;
 *   - so an empty map prints as `{\n\n<indent>}` and an empty array `[\n\n<indent>]`;
 *   - `"key": value`, entries separated by `,\n`;
 *   - a final newline after the top-level value completes.
 */

export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | JsonMap

/** An ordered map (key order matters for libxl output). */
export class JsonMap {
  readonly entries: [string, JsonValue][] = []
  set(key: string, value: JsonValue): this {
    this.entries.push([key, value])
    return this
  }
}

const INDENT = '    '

/** yajl_string_encode without escape_solidus. */
export function yajlString(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    switch (ch) {
      case '"': out += '\\"'; break
      case '\\': out += '\\\\'; break
      case '\b': out += '\\b'; break
      case '\f': out += '\\f'; break
      case '\n': out += '\\n'; break
      case '\r': out += '\\r'; break
      case '\t': out += '\\t'; break
      default:
        if (c < 0x20) out += '\\u00' + c.toString(16).toUpperCase().padStart(2, '0')
        else out += ch
    }
  }
  return out + '"'
}

function gen(v: JsonValue, depth: number): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v)
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'string') return yajlString(v)
  const pad = INDENT.repeat(depth + 1)
  const close = '\n' + INDENT.repeat(depth)
  if (Array.isArray(v)) {
    return '[\n' + v.map((x) => pad + gen(x, depth + 1)).join(',\n') + close + ']'
  }
  return '{\n' + v.entries.map(([k, x]) => pad + yajlString(k) + ': ' + gen(x, depth + 1)).join(',\n') + close + '}'
}

/** Generate a complete top-level value, including yajl's final newline. */
export function yajlBeautify(v: JsonValue): string {
  return gen(v, 0) + '\n'
}
