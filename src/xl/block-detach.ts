// main_blockdetach (tools/xl/xl_block.c): by vdev; -f destroys instead of
// the safe remove (the same here: the simulated backend never refuses).
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {devicesOf, diskDevNumber} from '../libxl/devices.js'

export default xlCommand({
  name: 'block-detach',
  canDryrun: false,
  modifies: true,
  summary: 'Destroy a domain\'s virtual block device',
  usage: '[option] <Domain> <DevId>',
  options: '-f, --force        do not wait for the domain to release the device',
  getopt: {short: 'hf', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'force', hasArg: false, val: 'f'}], helpName: 'block-detach', requiredArgs: 2},
  main(c) {
    const [dom, vdev] = c.args as [string, string]
    c.host(h => {
      const d = findDomain(h, dom)
      const s = devicesOf(d)
      const devid = diskDevNumber(vdev)
      const i = devid < 0 ? -1 : s.disks.findIndex(a => a.live.devid === devid)
      if (i < 0) throw new XlError(`Error: Device ${vdev} not connected.`, 1)
      if (s.disks[i]!.cfg.specification === 'virtio') throw new XlError('Hotunplug isn\'t supported for specification virtio', 1)
      s.disks.splice(i, 1)
    })
  },
})
