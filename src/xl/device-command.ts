// What the device commands of tools/xl share: the domain lookup of
// libxl_domain_qualifier_to_domid (a number is taken as it is: "%s is an
// invalid domain identifier" only for an unknown name), and turning a
// libxl failure into its log lines plus xl's own closing message.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {XlError} from '../libxl/errors.js'
import {LibxlFailure} from '../libxl/devices.js'
import {qualifierToDomid} from '../libxl/device-info.js'
import {yajlBeautify, type JsonMap} from './format/json.js'

/** The domain a qualifier names, null for a number no domain has; throws xl's message for an unknown name. */
export function qualifiedDomain(host: Host, q: string): Domain | null {
  const domid = qualifierToDomid(host, q)
  if (domid === null) throw new XlError(`${q} is an invalid domain identifier`, 1)
  return host.domains.get(domid) ?? null
}

/** Runs a libxl call; a LibxlFailure becomes its lines, then xl's `failed` line (if any), exit 1. */
export function libxlCall<T>(fn: () => T, failed: string | null): T {
  try {
    return fn()
  } catch (e) {
    if (!(e instanceof LibxlFailure)) throw e
    throw new XlError(failed === null ? e.lines : [...e.lines, failed], 1)
  }
}

/** `xl -N <kind>-attach`: "<kind>: <json>" with libxl's beautified JSON (its own final newline, then printf's). */
export function dryrunJson(kind: string, json: JsonMap): string {
  return `${kind}: ${yajlBeautify(json)}\n`
}
