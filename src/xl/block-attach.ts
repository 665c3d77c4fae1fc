// main_blockattach (tools/xl/xl_block.c): the disk spec from the arguments
// (libxlu's grammar, config source "command line"), then libxl_device_disk_add.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {parseDisk} from '../libxlu/disk.js'
import {addDisk, aoFailed} from '../libxl/devices-add.js'
import {LibxlFailure} from '../libxl/devices.js'
import {diskJson} from './format/devices-json.js'
import {dryrunJson, libxlCall, qualifiedDomain} from './device-command.js'

export default xlCommand({
  name: 'block-attach',
  canDryrun: true,
  modifies: true,
  summary: 'Create a new virtual block device',
  usage: '<Domain> <disk-spec-component(s)>...',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'block-attach', requiredArgs: 2},
  main(c) {
    const [dom, ...specs] = c.args
    const run = c.globals.dryRun ? c.readHost : c.host
    return run(h => {
      const d = qualifiedDomain(h, dom!)
      const r = parseDisk(specs, 'command line')
      if (r.failed) throw new XlError(r.errors, 1)
      if (c.globals.dryRun) return c.out(dryrunJson('disk', diskJson(r.disk)))
      if (!d) throw new XlError('libxl_device_disk_add failed.', 1)
      libxlCall(() => {
        try {
          addDisk(h, d, r.disk)
        } catch (e) {
          if (e instanceof LibxlFailure) throw new LibxlFailure([...e.lines, aoFailed('add')], e.rc)
          throw e
        }
      }, 'libxl_device_disk_add failed.')
    })
  },
})
