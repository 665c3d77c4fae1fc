// create_domain's restoring path (tools/xl/xl_vmcontrol.c) shared by
// `xl restore` and `xl migrate-receive`: the config (from the ConfigFile
// given, else the save file's JSON), then libxl_domain_create_restore on
// the stream, then libxl_domain_unpause unless paused.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {XlError} from '../libxl/errors.js'
import {decodeStream, type SavedDomain} from '../libxl/stream.js'
import {domainCreateRestore, streamTypeName} from '../libxl/save.js'
import {unpause} from '../libxl/domain.js'
import {requestFromParsed} from './create-request.js'
import {identityFromJson, type OverrideConfig} from './saved-config.js'
import type {ReadSaveFile} from './savefile.js'
import {devicesFromJson} from './config-json-devices.js'
import type {DomainDevices} from '../libxl/device-types.js'

export interface RestoreRequest {
  read: ReadSaveFile
  /** "<file>" or "<incoming migration stream>". */
  source: string
  override: OverrideConfig | null
  paused: boolean
  /** migrate-receive restores under "<name>--incoming" (libxl's migration_domname). */
  nameSuffix?: string
  /** Lines for stderr as xl prints them. */
  say: (lines: readonly string[]) => void
}

/** The config and stream checks, before any domain is made: what create_domain does up to libxl_domain_create_restore. */
export function prepareRestore(host: Host, r: RestoreRequest): {saved: SavedDomain; name: string; domid?: number; config?: Record<string, unknown>; devices?: DomainDevices} {
  let name: string
  let domid: number | undefined
  let config: Record<string, unknown> | undefined
  let devices: DomainDevices | undefined
  if (r.override) {
    r.say([`Parsing config from ${r.override.file}`])
    const {request, warnings} = requestFromParsed(r.override.parsed, r.override.file, host.config.cpus)
    r.say(warnings)
    name = request.name
    config = request.config
  } else {
    if (r.read.configJson === null) throw new XlError('Config file not specified and none in save file')
    r.say(['Parsing config from <saved>'])
    ;({name, domid} = identityFromJson(r.read.configJson, r.source))
    // the devices are the JSON's (xl migrate -C sends the config given)
    devices = devicesFromJson(r.read.configJson) ?? undefined
  }
  const saved = decodeStream(r.read.stream, r.source, host.config.arch)
  return {saved, name, domid, config, devices}
}

export function restoreDomain(host: Host, r: RestoreRequest): Domain {
  const {saved, name, domid, config, devices} = prepareRestore(host, r)
  r.say([`xc: info: Found ${streamTypeName(saved)} domain from Xen ${saved.xen}`, 'xc: info: Restoring domain'])
  const d = domainCreateRestore(host, saved, {name: name + (r.nameSuffix ?? ''), domid, config, source: r.source, devices})
  r.say(['xc: info: Restore successful'])
  if (!r.paused) unpause(host, d)
  return d
}
