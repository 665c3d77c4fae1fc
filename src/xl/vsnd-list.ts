// main_vsndlist (tools/xl/xl_vsnd.c): no header; per card a blank line, the
// card, its pcms and their streams with their rings.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {qualifiedDomain} from './device-command.js'
import {vsndInfos} from '../libxl/device-info.js'
import {vsndBlock} from './format/device-lists.js'

export default xlCommand({
  name: 'vsnd-list',
  canDryrun: false,
  modifies: false,
  summary: 'List virtual display devices for a domain',
  usage: '<Domain(s)>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vsnd-list', requiredArgs: 1},
  main(c) {
    for (const a of c.args) {
      const text = c.readHost(h => {
        try {
          const d = qualifiedDomain(h, a)
          return d ? vsndInfos(d).map(vsndBlock).join('') : ''
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
