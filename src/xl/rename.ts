// main_rename (tools/xl/xl_misc.c).
import {xlCommand} from './command.js'
import {findDomain, rename} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'

export default xlCommand({
  name: 'rename',
  canDryrun: false,
  modifies: true,
  summary: 'Rename a domain',
  usage: '<Domain> <NewDomainName>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'rename', requiredArgs: 2},
  main(c) {
    const [ident, newName] = c.args
    c.host(h => {
      const d = findDomain(h, ident)
      try {
        rename(h, d, newName)
      } catch (e) {
        if (!(e instanceof XlError)) throw e
        throw new XlError([...e.lines, `Can't rename domain '${ident}'.`])
      }
    })
  },
})
