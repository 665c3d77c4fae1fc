/**
 * Deterministic generator of xl.cfg texts for the fuzz tests: well-formed
 * configs built from the grammar, then mutated (characters inserted,
 * deleted, replaced, lines swapped or cut).
 */

/** mulberry32: small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const KEYS = [
  'name', 'type', 'builder', 'memory', 'maxmem', 'vcpus', 'maxvcpus', 'cpus', 'cpus_soft', 'kernel',
  'ramdisk', 'extra', 'cmdline', 'root', 'on_poweroff', 'on_reboot', 'on_crash', 'uuid', 'pool',
  'cpu_weight', 'cap', 'paravirt_time_accounting', 'workload', 'vif', 'disk', 'x.y_z', 'hap',
]
const STRINGS = [
  'vm1', 'pv', 'pvh', 'hvm', 'h', 'generic', 'all', '0-3', '0-3,^2', '^1', '1,3', 'nodes:0', '^all',
  'linux-4.6', '/boot/linux-6.1', 'destroy', 'restart', 'preserve', 'rename-restart', 'bogus',
  '12', '0x10', ' 7', '3x', '', 'root=/dev/xvda1 ro', '01234567-89ab-cdef-0123-456789abcdef',
  'a\\"b', "it\\'s", 'tab\\tnl\\n', '\\101', '\\x41', '\\q', '\\12', 'spin', 'idle',
]
const NUMBERS = ['0', '1', '2', '4', '128', '512', '0x10', '010', '08', '0x', '99999999999999999999', '1a', '3x4']
const NOISE = [
  ' ', '\t', '\n', '#', '"', "'", '[', ']', ',', ';', '=', '+=', '+', '-', '(', ')', ':', '.', '\\',
  'A', 'x', '0', '@', '\r', '\0', 'é', '[[', ']]', '\n\n', '# c\n',
]

export function generateConfig(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const atom = (): string => {
    if (rnd() < 0.4) return pick(NUMBERS)
    const q = rnd() < 0.7 ? '"' : "'"
    return q + pick(STRINGS) + q
  }
  const value = (depth: number): string => {
    if (depth < 3 && rnd() < 0.25) {
      const n = Math.floor(rnd() * 4)
      const items = Array.from({length: n}, () => value(depth + 1))
      const sep = rnd() < 0.2 ? ',\n  ' : ', '
      const trailing = rnd() < 0.3 && n ? ',' : ''
      return `[ ${items.join(sep)}${trailing} ]`
    }
    return atom()
  }
  const lines: string[] = []
  const n = 1 + Math.floor(rnd() * 8)
  for (let i = 0; i < n; i++) {
    const r = rnd()
    if (r < 0.08) lines.push('# comment ' + i)
    else if (r < 0.12) lines.push('')
    else {
      const op = rnd() < 0.1 ? '+=' : '='
      const sp = rnd() < 0.2 ? '' : ' '
      let stmt = `${pick(KEYS)}${sp}${op}${sp}${value(0)}`
      if (rnd() < 0.1) stmt += ' # trailing'
      if (rnd() < 0.1) stmt += '; ' + `${pick(KEYS)} = ${atom()}`
      lines.push(stmt)
    }
  }
  let text = lines.join('\n') + (rnd() < 0.85 ? '\n' : '')
  const mutations = rnd() < 0.35 ? 0 : 1 + Math.floor(rnd() * 3)
  for (let m = 0; m < mutations; m++) {
    const pos = Math.floor(rnd() * (text.length + 1))
    const kind = rnd()
    if (kind < 0.4) text = text.slice(0, pos) + pick(NOISE) + text.slice(pos)
    else if (kind < 0.7) text = text.slice(0, pos) + text.slice(pos + 1 + Math.floor(rnd() * 3))
    else if (kind < 0.9) text = text.slice(0, pos) + pick(NOISE) + text.slice(pos + 1)
    else text = text.slice(0, pos)
  }
  return text
}
