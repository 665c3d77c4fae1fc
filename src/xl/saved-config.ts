// The domain config a save file or a migration stream carries
// (save_domain_core_begin in tools/xl/xl_saverestore.c) and what restore /
// migrate-receive take from it (create_domain in xl_vmcontrol.c:
// libxl_domain_config_from_json, or parse_config_data for a ConfigFile).
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import type {ParsedConfig} from '../libxlu/index.js'
import {XlError} from '../libxl/errors.js'
import {readConfigFile} from './config-file.js'
import {parseCreateConfig, requestFromParsed} from './create-request.js'
import {domainConfigView, requestConfigView} from './config-view.js'
import {formatDomainConfig} from './format/index.js'

export interface OverrideConfig {
  file: string
  parsed: ParsedConfig
}

/** libxl_read_file_contents + parse_config_data of the ConfigFile given to save / migrate -C. */
export function overrideConfig(file: string): OverrideConfig {
  let bytes
  try {
    bytes = readConfigFile(file)
  } catch {
    throw new XlError('unable to read overridden config file')
  }
  return {file, parsed: parseCreateConfig(bytes, file, [])}
}

/**
 * libxl_domain_config_to_json of the retrieved config with c_info.domid
 * set to the domain's id only with -D (0 otherwise, which the JSON leaves
 * out), or of the override file as parsed.
 */
export function savedConfigJson(host: Host, d: Domain, opts: {preserveDomid: boolean; override: OverrideConfig | null}): string {
  if (opts.override) {
    const {request} = requestFromParsed(opts.override.parsed, opts.override.file, host.config.cpus)
    return formatDomainConfig(requestConfigView(host, request, opts.override.parsed))
  }
  const view = domainConfigView(host, d).config
  view.c_info.domid = opts.preserveDomid ? d.domid : 0
  return formatDomainConfig(view)
}

/** What restore takes from the config JSON: the name, and with -D the domain id. */
export interface ConfigIdentity {
  name: string
  domid?: number
}

export function identityFromJson(json: string, source: string): ConfigIdentity {
  let v: unknown
  try {
    v = JSON.parse(json)
  } catch {
    throw new XlError(`xl: ${source}: the domain config in the save file is not valid JSON`)
  }
  const cInfo = (v as {c_info?: {name?: unknown; domid?: unknown}} | null)?.c_info
  if (!cInfo || typeof cInfo.name !== 'string') throw new XlError(`xl: ${source}: the domain config in the save file has no c_info.name`)
  const domid = typeof cInfo.domid === 'number' && cInfo.domid > 0 && cInfo.domid < 0x7ff0 ? cInfo.domid : undefined
  return {name: cInfo.name, domid}
}
