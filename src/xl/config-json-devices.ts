// The device arrays of a libxl_domain_config read back from its JSON
// (libxl_domain_config_from_json, as create_domain in xl_vmcontrol.c does
// with the config a save file or a migration stream carries): the inverse
// of src/xl/format/devices-json.ts. A field left out is its IDL init value
// (devid -1, a default defbool, an empty array); defbools are "True" and
// "False"; keyed unions are one "<field>.<key>" member.
import {noDevices, type DomainDevices} from '../libxl/device-types.js'

type Obj = Record<string, unknown>

/** libxl_defbool fields, by the struct path they sit in. */
const DEFBOOL = new Set(['discard_enable', 'colo_enable', 'colo_restore_enable', 'trusted', 'enable', 'findunused', 'opengl'])

function plain(o: unknown): Obj {
  const out: Obj = {}
  if (typeof o !== 'object' || o === null) return out
  for (const [k, v] of Object.entries(o as Obj)) out[k] = DEFBOOL.has(k) && (v === 'True' || v === 'False') ? v === 'True' : v
  return out
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const withDevid = (o: Obj, key = 'devid'): Obj => ({...o, [key]: typeof o[key] === 'number' ? o[key] : -1})

function vsndParams(p: unknown): Obj {
  const o = plain(p)
  return {...o, sample_rates: list(o.sample_rates), sample_formats: list(o.sample_formats)}
}

/** One "<field>.<key>" member of a keyed union: the key and the member's fields. */
function union(o: Obj, field: string): [string | undefined, Obj] {
  const k = Object.keys(o).find(x => x.startsWith(`${field}.`))
  if (k === undefined) return [undefined, {}]
  const member = plain(o[k])
  delete o[k]
  return [k.slice(field.length + 1), member]
}

/** The devices of the config JSON, or null when it is not a libxl_domain_config. */
export function devicesFromJson(json: string): DomainDevices | null {
  let cfg: Obj
  try {
    cfg = JSON.parse(json) as Obj
  } catch {
    return null
  }
  if (typeof cfg !== 'object' || cfg === null) return null
  const d = noDevices() as unknown as Record<keyof DomainDevices, unknown[]>
  d.disks = list(cfg.disks).map(plain)
  d.nics = list(cfg.nics).map(x => {
    const o = withDevid(plain(x))
    const colo = Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith('colo_')))
    for (const k of Object.keys(colo)) delete o[k]
    return Object.keys(colo).length ? {...o, colo} : o
  })
  d.pcidevs = list(cfg.pcidevs).map(x => {
    const o = plain(x)
    return {func: 0, dev: 0, bus: 0, domain: 0, ...o}
  })
  d.vfbs = list(cfg.vfbs).map(x => {
    const o = withDevid(plain(x))
    return {...o, vnc: plain(o.vnc), sdl: plain(o.sdl)}
  })
  d.vkbs = list(cfg.vkbs).map(x => withDevid(plain(x)))
  d.vtpms = list(cfg.vtpms).map(x => withDevid(plain(x)))
  d.vdispls = list(cfg.vdispls).map(x => {
    const o = withDevid(plain(x))
    return {...o, connectors: list(o.connectors).map(plain)}
  })
  d.vsnds = list(cfg.vsnds).map(x => {
    const o = withDevid(plain(x))
    return {
      ...o, params: vsndParams(o.params),
      pcms: list(o.pcms).map(p => {
        const pm = plain(p)
        return {...pm, params: vsndParams(pm.params), streams: list(pm.streams).map(st => ({...plain(st), params: vsndParams(plain(st).params)}))}
      }),
    }
  })
  d.channels = list(cfg.channels).map(x => {
    const o = withDevid(plain(x))
    const [connection, member] = union(o, 'connection')
    return {...o, connection: connection ?? 'unknown', ...member}
  })
  d.usbctrls = list(cfg.usbctrls).map(x => {
    const o = withDevid(plain(x))
    return {...o, type: o.type ?? 'auto'}
  })
  d.usbdevs = list(cfg.usbdevs).map(x => {
    const o = withDevid(plain(x), 'ctrl')
    const [type, member] = union(o, 'type')
    return {...o, type: type ?? 'hostdev', ...member}
  })
  return d as unknown as DomainDevices
}
