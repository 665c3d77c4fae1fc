// main_blocklist (tools/xl/xl_block.c): the header, then each domain's disks
// as libxl_device_disk_getinfo reads them.
import {xlCommand} from './command.js'
import {diskInfos} from '../libxl/device-info.js'
import {BLOCK_HEADER, blockRow} from './format/device-lists.js'
import {qualifiedDomain} from './device-command.js'
import {XlError} from '../libxl/errors.js'

export default xlCommand({
  name: 'block-list',
  canDryrun: false,
  modifies: false,
  summary: 'List virtual block devices for a domain',
  usage: '<Domain(s)>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'block-list', requiredArgs: 1},
  main(c) {
    c.out(BLOCK_HEADER)
    for (const a of c.args) {
      const text = c.readHost(h => {
        try {
          const d = qualifiedDomain(h, a)
          return d ? diskInfos(d).map(blockRow).join('') : ''
        } catch (e) {
          if (e instanceof XlError) return e
          throw e
        }
      })
      if (text instanceof XlError) c.warn2(text.lines)
      else c.out(text)
    }
  },
})
