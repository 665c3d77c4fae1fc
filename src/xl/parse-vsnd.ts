// parse_vsnd_item and its helpers (tools/xl/xl_parse.c, Xen 4.17): a sound
// card as items "card, k=v...", "pcm, k=v...", "stream, k=v...", for
// xl.cfg's `vsnd=[[...], ...]` and `xl vsnd-attach`. Refusals return -1.
import type {DeviceVsnd, VsndParams} from '../libxl/device-types.js'
import {enumFromString, matchOption, strtok, strtoulBase, truncU} from './cstr.js'
import type {SpecOutcome} from './parse-nic.js'
import {SIGSEGV_EXIT} from './parse-channel.js'

/** libxl_vsnd_pcm_format names (libxl_types.idl), as libxl's to_string gives them. */
const PCM_FORMATS = ['s8', 'u8', 's16_le', 's16_be', 'u16_le', 'u16_be', 's24_le', 's24_be', 'u24_le', 'u24_be',
  's32_le', 's32_be', 'u32_le', 'u32_be', 'f32_le', 'f32_be', 'f64_le', 'f64_be', 'iec958_subframe_le',
  'iec958_subframe_be', 'mu_law', 'a_law', 'ima_adpcm', 'mpeg', 'gsm'] as const

export const noParams = (): VsndParams => ({sample_rates: [], sample_formats: []})

const fail = (line: string): SpecOutcome => ({lines: [line], exit: -1})
const ok: SpecOutcome = {lines: [], exit: null}

/** parse_vsnd_params: null when the token is none of the common parameters. */
function parseParams(p: VsndParams, token: string): SpecOutcome | null {
  let v: string | null
  const u32 = (s: string) => truncU(strtoulBase(s, 0).value, 32)
  if ((v = matchOption('sample-rates', token)) !== null) {
    const list = strtok(v, ';')
    // split_string_into_string_list strdup()s a NULL first token
    if (list.length === 0) return {lines: [], exit: SIGSEGV_EXIT}
    p.sample_rates = list.map(u32)
  } else if ((v = matchOption('sample-formats', token)) !== null) {
    const list = strtok(v, ';')
    if (list.length === 0) return {lines: [], exit: SIGSEGV_EXIT}
    const formats: string[] = []
    for (const f of list) {
      const e = enumFromString(PCM_FORMATS, f)
      if (e === null) return {lines: [`Invalid pcm format: ${f}`], exit: 1}
      formats.push(e)
    }
    p.sample_formats = formats
  } else if ((v = matchOption('channels-min', token)) !== null) p.channels_min = u32(v)
  else if ((v = matchOption('channels-max', token)) !== null) p.channels_max = u32(v)
  else if ((v = matchOption('buffer-size', token)) !== null) p.buffer_size = u32(v)
  else return null
  return ok
}

function cardParam(vsnd: DeviceVsnd, token: string): SpecOutcome {
  const r = parseParams(vsnd.params, token)
  if (r) return r
  let v: string | null
  if ((v = matchOption('backend', token)) !== null) vsnd.backend_domname = v
  else if ((v = matchOption('short-name', token)) !== null) vsnd.short_name = v
  else if ((v = matchOption('long-name', token)) !== null) vsnd.long_name = v
  else return fail(`Invalid parameter: ${token}`)
  return ok
}

function pcmParam(vsnd: DeviceVsnd, token: string): SpecOutcome {
  const pcm = vsnd.pcms.at(-1)
  if (!pcm) return fail('No pcm device')
  const r = parseParams(pcm.params, token)
  if (r) return r
  const v = matchOption('name', token)
  if (v === null) return fail(`Invalid parameter: ${token}`)
  pcm.name = v
  return ok
}

function streamParam(vsnd: DeviceVsnd, token: string): SpecOutcome {
  const pcm = vsnd.pcms.at(-1)
  if (!pcm) return fail('No vsnd pcm device')
  const stream = pcm.streams.at(-1)
  if (!stream) return fail('No vsnd stream')
  const r = parseParams(stream.params, token)
  if (r) return r
  let v: string | null
  if ((v = matchOption('unique-id', token)) !== null) stream.unique_id = v
  else if ((v = matchOption('type', token)) !== null) {
    const t = enumFromString(['p', 'c'] as const, v)
    if (t === null) return fail(`Invalid stream type: ${v}`)
    stream.type = t
  } else return fail(`Invalid parameter: ${token}`)
  return ok
}

/** parse_vsnd_item: the first token names what the item makes (card, pcm or stream; any case). */
export function parseVsndItem(vsnd: DeviceVsnd, spec: string): SpecOutcome {
  let key: string | null = null
  for (const raw of strtok(spec, ',')) {
    const token = raw.replace(/^ +/, '')
    if (key === null) {
      key = token.toLowerCase()
      if (key === 'pcm') vsnd.pcms.push({params: noParams(), streams: []})
      else if (key === 'stream') {
        if (vsnd.pcms.length === 0) vsnd.pcms.push({params: noParams(), streams: []})
        vsnd.pcms.at(-1)!.streams.push({params: noParams()})
      } else if (key !== 'card') return fail(`Invalid key: ${token}`)
      continue
    }
    const r = key === 'card' ? cardParam(vsnd, token) : key === 'pcm' ? pcmParam(vsnd, token) : streamParam(vsnd, token)
    if (r.exit !== null) return r
  }
  return ok
}
