// main_vsndlist (tools/xl/xl_vsnd.c): no header; xlsim's guests have no
// virtual sound cards (vsnd= is not read), so only the lookups speak.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {qualifiedDomain} from './device-command.js'

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
      const err = c.readHost(h => {
        try {
          qualifiedDomain(h, a)
          return null
        } catch (e) {
          if (e instanceof XlError) return e
          throw e
        }
      })
      if (err) c.warn2(err.lines)
    }
  },
})
