// main_vdisplattach (tools/xl/xl_vdispl.c): parse_vdispl_config over the
// arguments, at least one connector.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {addVdispl} from '../libxl/devices-add.js'
import type {DeviceVdispl} from '../libxl/device-types.js'
import {checkVdispl, parseVdisplToken} from './parse-vdispl.js'
import {vdisplJson} from './format/devices-json.js'
import {dryrunJson, libxlCall} from './device-command.js'

export default xlCommand({
  name: 'vdispl-attach',
  canDryrun: true,
  modifies: true,
  summary: 'Create a new virtual display device',
  usage: '<Domain> [backend=<BackDomain>] [be-alloc=<BackAlloc>] [connectors=\'<Connectors>\']',
  options: '    BackAlloc  - set to 1 to if backend allocates display buffers\n    Connectors - list of connector\'s description in ID:WxH format,\n                 where: ID - unique connector ID, W - connector width,\n                 H - connector height: connectors=\'id0:800x600;id1:1024x768\'\n',
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vdispl-attach', requiredArgs: 1},
  main(c) {
    const [dom, ...tokens] = c.args
    const run = c.globals.dryRun ? c.readHost : c.host
    return run(h => {
      const d = findDomain(h, dom!)
      const vdispl: DeviceVdispl = {devid: -1, connectors: []}
      for (const t of tokens) {
        const r = parseVdisplToken(vdispl, t)
        if (r.exit !== null) throw new XlError(r.lines, 1)
      }
      const r = checkVdispl(vdispl)
      if (r.exit !== null) throw new XlError(r.lines, 253)
      if (c.globals.dryRun) return c.out(dryrunJson('vdispl', vdisplJson(vdispl)))
      try {
        libxlCall(() => addVdispl(h, d, vdispl), 'libxl_device_vdispl_add failed.')
      } catch (e) {
        if (e instanceof XlError) throw new XlError(e.lines, 253)
        throw e
      }
    })
  },
})
