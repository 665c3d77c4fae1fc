// main_networkattach (tools/xl/xl_nic.c): parse_nic_config over the
// arguments (the first refusal ends it, exit 1), then libxl_device_nic_add.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {addNic, aoFailed} from '../libxl/devices-add.js'
import {LibxlFailure} from '../libxl/devices.js'
import type {DeviceNic} from '../libxl/device-types.js'
import {parseNicToken} from './parse-nic.js'
import {nicJson} from './format/devices-json.js'
import {dryrunJson, libxlCall} from './device-command.js'

export default xlCommand({
  name: 'network-attach',
  canDryrun: true,
  modifies: true,
  summary: 'Create a new virtual network device',
  usage: '<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] [script=<script>] [backend=<BackDomain>] [vifname=<name>] [rate=<rate>] [model=<model>] [accel=<accel>] [mtu=<mtu>]',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'network-attach', requiredArgs: 1},
  main(c) {
    const [dom, ...tokens] = c.args
    const run = c.globals.dryRun ? c.readHost : c.host
    return run(h => {
      const d = findDomain(h, dom!)
      const nic: DeviceNic = {devid: -1}
      for (const t of tokens) {
        const r = parseNicToken(nic, 'command line', t)
        if (r.exit !== null) throw new XlError(r.lines, r.exit)
        c.warn2(r.lines)
        if (r.rc) throw new XlError([], 1)
      }
      if (c.globals.dryRun) return c.out(dryrunJson('vif', nicJson(nic)))
      libxlCall(() => {
        try {
          addNic(h, d, nic, true)
        } catch (e) {
          if (e instanceof LibxlFailure) throw new LibxlFailure([...e.lines, aoFailed('add')], e.rc)
          throw e
        }
      }, 'libxl_device_nic_add failed.')
    })
  },
})
