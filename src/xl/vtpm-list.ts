// main_vtpmlist (tools/xl/xl_vtpm.c): the header, then each domain's vtpms
// (an unknown name is reported and skipped).
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {vtpmInfos} from '../libxl/device-info.js'
import {VTPM_HEADER, vtpmRow} from './format/device-lists.js'
import {qualifiedDomain} from './device-command.js'

export default xlCommand({
  name: 'vtpm-list',
  canDryrun: false,
  modifies: false,
  summary: 'List virtual TPM devices for a domain',
  usage: '<Domain(s)>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vtpm-list', requiredArgs: 1},
  main(c) {
    c.out(VTPM_HEADER)
    for (const a of c.args) {
      const text = c.readHost(h => {
        try {
          const d = qualifiedDomain(h, a)
          return d ? vtpmInfos(d).map(vtpmRow).join('') : ''
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
