// main_vkbattach (tools/xl/xl_vkb.c): parse_vkb_config over the arguments;
// its refusals return -1 and ERROR_FAIL (exit 255 and 253).
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {addVkb} from '../libxl/devices-add.js'
import type {DeviceVkb} from '../libxl/device-types.js'
import {checkVkb, parseVkbToken} from './parse-vkb.js'
import {vkbJson} from './format/devices-json.js'
import {dryrunJson, libxlCall} from './device-command.js'

export default xlCommand({
  name: 'vkb-attach',
  canDryrun: true,
  modifies: true,
  summary: 'Create a new virtual keyboard device',
  usage: '<Domain> <vkb-spec-component(s)>...',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vkb-attach', requiredArgs: 2},
  main(c) {
    const [dom, ...tokens] = c.args
    const run = c.globals.dryRun ? c.readHost : c.host
    return run(h => {
      const d = findDomain(h, dom!)
      const vkb: DeviceVkb = {devid: -1}
      for (const t of tokens) {
        const r = parseVkbToken(vkb, t)
        if (r.exit !== null) throw new XlError(r.lines, 255)
      }
      const r = checkVkb(vkb, false)
      if (r.exit !== null) throw new XlError(r.lines, 253)
      if (c.globals.dryRun) return c.out(dryrunJson('vkb', vkbJson(vkb)))
      try {
        libxlCall(() => addVkb(h, d, vkb), 'libxl_device_vkb_add failed.')
      } catch (e) {
        if (e instanceof XlError) throw new XlError(e.lines, 253)
        throw e
      }
    })
  },
})
