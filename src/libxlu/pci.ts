// xlu_pci_parse_bdf and xlu_pci_parse_spec_string
// (tools/libs/util/libxlu_pci.c, Xen 4.17): `[DDDD:]BB:DD.F[@VSLOT][,k=v...]`
// as xl.cfg's `pci=` and the pci-* commands take it. The failures are
// libxl error codes (ERROR_INVAL = -6); the only messages are the
// XLU__PCI_ERR ones, printed without a newline.
import type {DevicePci} from '../libxl/device-types.js'

export const ERROR_INVAL = -6

export interface PciParseResult {
  /** 0, or a libxl error code. */
  rc: number
  pci: DevicePci
  /** What XLU__PCI_ERR wrote to the report stream (no newline at its end). */
  report: string
}

/** sscanf's %x at s[pos]: [blanks][sign][0x]hexdigits, as strtoul; null when no digit. */
function scanHex(s: string, pos: number): {value: number; end: number} | null {
  const m = /[ \t\n\v\f\r]*([+-]?)(0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/y
  m.lastIndex = pos
  const r = m.exec(s)
  if (!r) return null
  let v = BigInt(`0x${r[3]}`)
  if (v > 0xffffffffffffffffn) v = 0xffffffffffffffffn
  if (r[1] === '-') v = BigInt.asUintN(64, -v)
  // stored through an unsigned int
  return {value: Number(BigInt.asUintN(32, v)), end: pos + r[0].length}
}

/** A run of "%x<sep>%x<sep>...": the values and where the scan stopped, or null if one is missing. */
function scanSeq(s: string, pos: number, seps: string[]): {values: number[]; end: number} | null {
  const values: number[] = []
  let p = pos
  for (let i = 0; i <= seps.length; i++) {
    const h = scanHex(s, p)
    if (!h) return null
    values.push(h.value)
    p = h.end
    if (i < seps.length) {
      if (s[p] !== seps[i]) return null
      p++
    }
  }
  return {values, end: p}
}

/** parse_bdf: the BDF at s[pos]; the end, or null (ERROR_INVAL). */
function parseBdf(pci: DevicePci, s: string, pos: number): number | null {
  let colons = 0
  for (let p = pos; p < s.length && /[0-9a-fA-F:]/.test(s[p]!); p++) if (s[p] === ':') colons++
  let domain = 0
  let bus: number
  let dev: number
  let p: number
  if (colons === 1) {
    const r = scanSeq(s, pos, [':'])
    if (!r || s[r.end] !== '.') return null
    ;[bus, dev] = r.values as [number, number]
    p = r.end + 1
  } else if (colons === 2) {
    const r = scanSeq(s, pos, [':', ':'])
    if (!r || s[r.end] !== '.') return null
    ;[domain, bus, dev] = r.values as [number, number, number]
    p = r.end + 1
  } else {
    return null
  }
  if (domain > 0xffff || bus > 0xff || dev > 0x1f) return null
  let func: number
  if (s[p] === '*') {
    pci.vfunc_mask = 0xffffffff // LIBXL_PCI_FUNC_ALL
    func = 0
    p++
  } else {
    const h = scanHex(s, p)
    if (!h || h.value > 7) return null
    func = h.value
    pci.vfunc_mask = 1
    p = h.end
  }
  pci.domain = domain
  pci.bus = bus
  pci.dev = dev
  pci.func = func
  return p
}

/** parse_vslot */
function parseVslot(pci: DevicePci, s: string, pos: number): number | null {
  const h = scanHex(s, pos)
  if (!h || h.value > 0x1f) return null
  pci.vdevfn = h.value << 3
  return h.end
}

export function newPci(): DevicePci {
  return {func: 0, dev: 0, bus: 0, domain: 0}
}

/** xlu_pci_parse_bdf: a bare BDF (pci-assignable-*). */
export function parsePciBdf(str: string): PciParseResult {
  const pci = newPci()
  return {rc: parseBdf(pci, str, 0) === null ? ERROR_INVAL : 0, pci, report: ''}
}

/** Strings end at a NUL byte in C. */
const cString = (s: string): string => {
  const nul = s.indexOf('\0')
  return nul < 0 ? s : s.slice(0, nul)
}

/** xlu_pci_parse_spec_string, onto `pci` (which carries xl's pci_* defaults). */
export function parsePciSpec(input: string, pci: DevicePci = newPci()): PciParseResult {
  const str = cString(input)
  let bdfPresent = false
  let namePresent = false
  const fail = (report = ''): PciParseResult => ({rc: ERROR_INVAL, pci, report})
  let p = 0
  const end = parseBdf(pci, str, 0)
  if (end !== null) {
    bdfPresent = true
    p = end
    if (str[p] === '@') {
      const v = parseVslot(pci, str, p + 1)
      if (v === null) return fail()
      p = v
    }
    if (str[p] === ',') p++
    else if (p < str.length) return fail()
  }
  while (p < str.length) {
    // parse_key_val
    const eq = str.indexOf('=', p)
    if (eq < 0) return fail()
    const key = str.slice(p, eq)
    const comma = str.indexOf(',', eq + 1)
    const val = str.slice(eq + 1, comma < 0 ? str.length : comma)
    p = comma < 0 ? str.length : comma + 1
    if (key === 'bdf') {
      if (parseBdf(pci, val, 0) !== null) bdfPresent = true
      else return fail()
    } else if (key === 'vslot') {
      if (parseVslot(pci, val, 0) === null) return fail()
    } else if (key === 'permissive') pci.permissive = atoiBool(val)
    else if (key === 'msitranslate') pci.msitranslate = atoiBool(val)
    else if (key === 'seize') pci.seize = atoiBool(val)
    else if (key === 'power_mgmt') pci.power_mgmt = atoiBool(val)
    else if (key === 'rdm_policy') {
      // libxl_rdm_reserve_policy_from_string: case-insensitive names
      const v = val.toLowerCase()
      if (v === 'strict' || v === 'relaxed') pci.rdm_policy = v
      else if (v !== 'invalid') return fail(`Unknown RDM policy: ${val}`)
      else delete pci.rdm_policy
    } else if (key === 'name') {
      namePresent = true
      pci.name = val
    } else {
      return fail(`Unknown PCI_SPEC_STRING option: ${key}`)
    }
  }
  if (bdfPresent === namePresent) return fail()
  return {rc: 0, pci, report: ''}
}

/** atoi into a C bool: any non-zero int is true. */
function atoiBool(s: string): boolean {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s)
  return m ? BigInt.asIntN(32, BigInt(m[1]!)) !== 0n : false
}

/** The BDF as libxl prints it (PCI_BDF: "%04x:%02x:%02x.%01x"). */
export function pciBdf(p: {domain: number; bus: number; dev: number; func: number}): string {
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0')
  return `${h(p.domain, 4)}:${h(p.bus, 2)}:${h(p.dev, 2)}.${h(p.func, 1)}`
}
