// main_vdispllist (tools/xl/xl_vdispl.c): no header; per device a line and
// one per connector.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {vdisplInfos} from '../libxl/device-info.js'
import {vdisplBlock} from './format/device-lists.js'
import {qualifiedDomain} from './device-command.js'

export default xlCommand({
  name: 'vdispl-list',
  canDryrun: false,
  modifies: false,
  summary: 'List virtual display devices for a domain',
  usage: '<Domain(s)>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vdispl-list', requiredArgs: 1},
  main(c) {
    for (const a of c.args) {
      const text = c.readHost(h => {
        try {
          const d = qualifiedDomain(h, a)
          return d ? vdisplInfos(d).map(vdisplBlock).join('') : ''
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
