// main_vtpmattach (tools/xl/xl_vtpm.c): uuid= and backend= arguments, then
// libxl_device_vtpm_add (a nil uuid gets a fresh one).
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {addVtpm, aoFailed} from '../libxl/devices-add.js'
import {LibxlFailure} from '../libxl/devices.js'
import type {DeviceVtpm} from '../libxl/device-types.js'
import {parseVtpmArgs} from './parse-vtpm.js'
import {vtpmJson} from './format/devices-json.js'
import {dryrunJson, libxlCall, qualifiedDomain} from './device-command.js'

export default xlCommand({
  name: 'vtpm-attach',
  canDryrun: true,
  modifies: true,
  summary: 'Create a new virtual TPM device',
  usage: '<Domain> [uuid=<uuid>] [backend=<BackDomain>]',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vtpm-attach', requiredArgs: 1},
  main(c) {
    const [dom, ...args] = c.args
    const run = c.globals.dryRun ? c.readHost : c.host
    return run(h => {
      const d = qualifiedDomain(h, dom!)
      const vtpm: DeviceVtpm = {devid: -1}
      const r = parseVtpmArgs(vtpm, args)
      if (r.exit !== null) throw new XlError(r.lines, r.exit)
      if (c.globals.dryRun) return c.out(dryrunJson('vtpm', vtpmJson(vtpm)))
      if (!d) throw new XlError('libxl_device_vtpm_add failed.', 1)
      libxlCall(() => {
        try {
          addVtpm(h, d, vtpm)
        } catch (e) {
          if (e instanceof LibxlFailure) throw new LibxlFailure([...e.lines, aoFailed('add')], e.rc)
          throw e
        }
      }, 'libxl_device_vtpm_add failed.')
    })
  },
})
