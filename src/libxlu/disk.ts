// xlu_disk_parse (tools/libs/util/libxlu_disk.c) and its flex scanner
// (libxlu_disk_l.l, Xen 4.17): the disk spec grammar of xl.cfg's `disk=`,
// `xl block-attach` and `xl cd-insert`, with libxlu's messages. The scanner
// is flex's: at each point the rule with the longest match wins (trailing
// context `r/s` counts s in the length but consumes only r), the earlier
// rule on a tie; `.` never matches a newline.
import type {DeviceDisk, DiskBackend, DiskFormat, DiskSpecification} from '../libxl/device-types.js'

export interface DiskParseResult {
  disk: DeviceDisk
  /** The lines xlu__disk_err printed (to the config's report stream: stderr). */
  errors: string[]
  /** dpc.err: xl exits with EXIT_FAILURE. */
  failed: boolean
}

interface Dpc {
  disk: DeviceDisk
  spec: string
  source: string
  err: boolean
  hadDeprPrefix: boolean
  accessSet: boolean
  errors: string[]
  /** The rule said `return 0`: the scanner stops. */
  stop: boolean
}

/** xlu__disk_err */
function diskErr(dpc: Dpc, erroneous: string | null, message: string): void {
  const near = erroneous === null ? '' : `: near \`${erroneous}'`
  dpc.errors.push(`${dpc.source}: config parsing error in disk specification: ${message}${near} in \`${dpc.spec}'`)
  dpc.err = true
}

/** DSET: an enum that must not be set twice to different values. */
function dset<K extends 'format' | 'backend' | 'specification'>(dpc: Dpc, member: K, str: string, value: NonNullable<DeviceDisk[K]>): void {
  const cur = dpc.disk[member]
  if (cur !== undefined && cur !== value) diskErr(dpc, str, `${member} respecified`)
  else dpc.disk[member] = value
}

/** savestring: a string that must not be set twice (an empty one may be). */
function saveString(dpc: Dpc, what: string, key: 'pdev_path' | 'vdev' | 'script' | 'backend_domname' | 'colo_host' | 'colo_export' | 'active_disk' | 'hidden_disk', value: string): void {
  const cur = dpc.disk[key]
  if (cur !== undefined && cur !== '') {
    diskErr(dpc, value, `${what} respecified`)
    return
  }
  dpc.disk[key] = value
}

function setAccess(dpc: Dpc, str: string): void {
  if (str === 'r' || str === 'ro') dpc.disk.readwrite = 0
  else if (str === 'rw' || str === 'w' || str === '') dpc.disk.readwrite = 1
  else diskErr(dpc, str, 'unknown value for access')
}

const FORMATS: Record<string, DiskFormat> = {'': 'raw', raw: 'raw', qcow: 'qcow', qcow2: 'qcow2', vhd: 'vhd', empty: 'empty', qed: 'qed'}
function setFormat(dpc: Dpc, str: string): void {
  const f = Object.hasOwn(FORMATS, str) ? FORMATS[str] : undefined
  if (f) dset(dpc, 'format', str, f)
  else diskErr(dpc, str, 'unknown value for format')
}

const BACKENDS: Record<string, DiskBackend> = {phy: 'phy', tap: 'tap', qdisk: 'qdisk', standalone: 'standalone'}
function setBackendType(dpc: Dpc, str: string): void {
  const b = Object.hasOwn(BACKENDS, str) ? BACKENDS[str] : undefined
  if (b) dset(dpc, 'backend', str, b)
  else diskErr(dpc, str, 'unknown value for backendtype')
}

const SPECIFICATIONS: Record<string, DiskSpecification> = {xen: 'xen', virtio: 'virtio'}
function setSpecification(dpc: Dpc, str: string): void {
  const s = Object.hasOwn(SPECIFICATIONS, str) ? SPECIFICATIONS[str] : undefined
  if (s) dset(dpc, 'specification', str, s)
  else diskErr(dpc, str, 'unknown value for specification')
}

/** C atoi: leading blanks, a sign, digits; 0 when there are none. */
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s)
  return m ? Number(BigInt.asIntN(32, BigInt(m[1]!))) : 0
}

function setColoPort(dpc: Dpc, str: string): void {
  const port = atoi(str)
  if (port) dpc.disk.colo_port = port
  else diskErr(dpc, str, 'unknown value for colo_port')
}

/** vdev_and_devtype: `<vdev>:<devtype>` as a positional parameter. */
function vdevAndDevtype(dpc: Dpc, str: string): boolean {
  const colon = str.lastIndexOf(':')
  if (colon < 0) return false
  saveString(dpc, 'vdev', 'vdev', str.slice(0, colon))
  const type = str.slice(colon + 1)
  if (type === 'cdrom') dpc.disk.is_cdrom = 1
  else if (type === 'disk') dpc.disk.is_cdrom = 0
  else diskErr(dpc, type, 'unknown deprecated type')
  return true
}

/** STRIP(delim) */
const strip = (text: string, delim: string): string => (text.endsWith(delim) ? text.slice(0, -1) : text)
/** FROMEQUALS */
const fromEquals = (text: string): string => text.slice(text.indexOf('=') + 1)

interface Rule {
  /** The pattern r (sticky). */
  head: RegExp
  /** Trailing context s of r/s, matched where r ends. */
  trail?: RegExp
  action(dpc: Dpc, text: string): void
}

const sticky = (src: string): RegExp => new RegExp(src, 'y')

/** `name=[^,]*,?` with STRIP(',') and the value after '='. */
const keyed = (name: string, fn: (dpc: Dpc, value: string) => void): Rule =>
  ({head: sticky(`${name}=[^,]*,?`), action: (dpc, t) => fn(dpc, fromEquals(strip(t, ',')))})
const flag = (name: string, fn: (dpc: Dpc) => void): Rule => ({head: sticky(`${name},?`), action: dpc => fn(dpc)})
const deprecatedPrefix = (prefix: string): Rule =>
  ({head: sticky(`${prefix}:`), trail: sticky('[^\\n]*'), action: dpc => { dpc.hadDeprPrefix = true }})

function positional(dpc: Dpc, text: string): void {
  const t = strip(text, ',')
  const d = dpc.disk
  if (dpc.err) {
    // previous errors may just lead to subsequent ones
  } else if (d.pdev_path === undefined) {
    saveString(dpc, 'target', 'pdev_path', t)
  } else if (!dpc.hadDeprPrefix && d.format === undefined) {
    if (d.pdev_path === '' && vdevAndDevtype(dpc, t)) d.format = 'empty'
    else setFormat(dpc, t)
  } else if (d.vdev === undefined) {
    if (!vdevAndDevtype(dpc, t)) saveString(dpc, 'vdev', 'vdev', t)
  } else if (!dpc.accessSet) {
    dpc.accessSet = true
    setAccess(dpc, t)
  } else {
    diskErr(dpc, t, 'too many positional parameters')
    dpc.stop = true
  }
}

/** The rules of libxlu_disk_l.l's INITIAL state, in its order. */
const RULES: readonly Rule[] = [
  // whitespace before parameters
  {head: /[ \t\n]+/y, trail: /(?:[^ \t\n][^\n]*)?/y, action: () => {}},
  keyed('format', setFormat),
  flag('cdrom', dpc => { dpc.disk.is_cdrom = 1 }),
  flag('devtype=cdrom', dpc => { dpc.disk.is_cdrom = 1 }),
  flag('devtype=disk', dpc => { dpc.disk.is_cdrom = 0 }),
  {head: /devtype=[^,]*,?/y, action: (dpc, t) => diskErr(dpc, t, 'unknown value for type')},
  keyed('access', setAccess),
  keyed('backend', (dpc, v) => saveString(dpc, 'backend', 'backend_domname', v)),
  keyed('backendtype', setBackendType),
  keyed('specification', setSpecification),
  keyed('vdev', (dpc, v) => saveString(dpc, 'vdev', 'vdev', v)),
  keyed('script', (dpc, v) => saveString(dpc, 'script', 'script', v)),
  flag('direct-io-safe', dpc => { dpc.disk.direct_io_safe = true }),
  flag('discard', dpc => { dpc.disk.discard_enable = true }),
  flag('no-discard', dpc => { dpc.disk.discard_enable = false }),
  flag('colo', dpc => { dpc.disk.colo_enable = true }),
  flag('no-colo', dpc => { dpc.disk.colo_enable = false }),
  keyed('colo-host', (dpc, v) => saveString(dpc, 'colo-host', 'colo_host', v)),
  keyed('colo-port', setColoPort),
  keyed('colo-export', (dpc, v) => saveString(dpc, 'colo-export', 'colo_export', v)),
  keyed('active-disk', (dpc, v) => saveString(dpc, 'active-disk', 'active_disk', v)),
  keyed('hidden-disk', (dpc, v) => saveString(dpc, 'hidden-disk', 'hidden_disk', v)),
  flag('trusted', dpc => { dpc.disk.trusted = true }),
  flag('untrusted', dpc => { dpc.disk.trusted = false }),
  // the target magic parameter, eats the rest of the string
  {head: /target=[^\n]*/y, action: (dpc, t) => saveString(dpc, 'target', 'pdev_path', fromEquals(strip(t, ',')))},
  // unknown parameters (flex's pattern takes one character of the value)
  {head: /[a-z][-a-z0-9]*=[^,],?/y, action: (dpc, t) => diskErr(dpc, t, 'unknown parameter')},
  // deprecated prefixes: the trailing `.*` makes them count as matching the whole string
  {head: /(?:raw|qcow2?|vhd):/y, trail: /[^\n]*/y, action: (dpc, t) => {
    dpc.hadDeprPrefix = true
    setFormat(dpc, strip(t, ':'))
  }},
  {head: /(?:iscsi|e?nbd|drbd):/y, trail: /[^\n]*/y, action: (dpc, t) => {
    dpc.hadDeprPrefix = true
    saveString(dpc, 'script', 'script', `block-${strip(t, ':')}`)
  }},
  deprecatedPrefix('tapdisk'),
  deprecatedPrefix('tap2?'),
  deprecatedPrefix('aio'),
  deprecatedPrefix('ioemu'),
  deprecatedPrefix('file'),
  deprecatedPrefix('phy'),
  {head: /[a-z][a-z0-9]*:/y, trail: /(?:[^a-z0-9\n][^\n]*)?/y, action: (dpc, t) => {
    diskErr(dpc, t, 'unknown deprecated disk prefix')
    dpc.stop = true
  }},
  // positional parameters
  {head: /[^=,]*,|[^=,]+,?/y, action: positional},
]

function matchAt(re: RegExp, s: string, pos: number): number {
  re.lastIndex = pos
  const m = re.exec(s)
  return m ? m[0].length : -1
}

/** One run of the scanner over one spec string (xlu__disk_yylex). */
function scan(dpc: Dpc, s: string): void {
  let pos = 0
  while (pos < s.length && !dpc.stop) {
    let best: Rule | null = null
    let bestLen = 0
    let bestHead = 0
    for (const rule of RULES) {
      const head = matchAt(rule.head, s, pos)
      if (head < 0) continue
      const total = rule.trail ? head + Math.max(0, matchAt(rule.trail, s, pos + head)) : head
      if (total > bestLen) {
        best = rule
        bestLen = total
        bestHead = head
      }
    }
    if (best === null || bestHead === 0) {
      // `.`: BEGIN(LEXERR); yymore(); then <LEXERR>.* reports from here to the end of the line.
      const rest = /[^\n]*/y
      rest.lastIndex = pos + 1
      const text = s.slice(pos, pos + 1) + (rest.exec(s)?.[0] ?? '')
      diskErr(dpc, text, 'bad disk syntax')
      return
    }
    best.action(dpc, s.slice(pos, pos + bestHead))
    pos += bestHead
  }
}

/**
 * xlu_disk_parse: the specs (several for block-attach's arguments) into one
 * disk. `source` is the config's name (the file, or "command line").
 */
export function parseDisk(specs: readonly string[], source: string): DiskParseResult {
  const dpc: Dpc = {disk: {readwrite: 1}, spec: '', source, err: false, hadDeprPrefix: false, accessSet: false, errors: [], stop: false}
  for (const spec of specs) {
    dpc.spec = spec
    dpc.stop = false
    // flex scans the bytes up to the first NUL (yy_scan_bytes of strlen(spec)).
    const nul = spec.indexOf('\0')
    scan(dpc, nul < 0 ? spec : spec.slice(0, nul))
    if (dpc.err) return {disk: dpc.disk, errors: dpc.errors, failed: true}
  }
  const disk = dpc.disk
  disk.format ??= 'raw'
  if (disk.is_cdrom) {
    disk.removable = 1
    disk.readwrite = 0
    if (disk.pdev_path === undefined || disk.pdev_path === '') disk.format = 'empty'
  }
  if (disk.vdev === undefined) diskErr(dpc, null, 'no vdev specified')
  else if (disk.pdev_path === undefined && !disk.removable) diskErr(dpc, null, 'no target specified (and device not removable)')
  return {disk, errors: dpc.errors, failed: dpc.err}
}
