// main_vsndattach (tools/xl/xl_vsnd.c): parse_vsnd_item over the arguments
// (its -1 is the exit code: 255), then libxl_device_vsnd_add.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {addVsnd} from '../libxl/devices-add.js'
import type {DeviceVsnd} from '../libxl/device-types.js'
import {noParams, parseVsndItem} from './parse-vsnd.js'
import {vsndJson} from './format/devices-json.js'
import {dryrunJson, libxlCall} from './device-command.js'

export default xlCommand({
  name: 'vsnd-attach',
  canDryrun: true,
  modifies: true,
  summary: 'Create a new virtual sound device',
  usage: '<Domain> <vsnd-spec-component(s)>...',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vsnd-attach', requiredArgs: 2},
  main(c) {
    const [dom, ...items] = c.args
    const run = c.globals.dryRun ? c.readHost : c.host
    return run(h => {
      const d = findDomain(h, dom!)
      const vsnd: DeviceVsnd = {devid: -1, params: noParams(), pcms: []}
      for (const it of items) {
        const r = parseVsndItem(vsnd, it)
        if (r.exit !== null) throw new XlError(r.lines, r.exit & 0xff)
      }
      if (c.globals.dryRun) return c.out(dryrunJson('vsnd', vsndJson(vsnd)))
      try {
        libxlCall(() => addVsnd(h, d, vsnd), 'libxl_device_vsnd_add failed.')
      } catch (e) {
        if (e instanceof XlError) throw new XlError(e.lines, 253)
        throw e
      }
    })
  },
})
