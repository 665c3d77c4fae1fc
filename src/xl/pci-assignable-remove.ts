// main_pciassignable_remove (tools/xl/xl_pci.c): by name first, then by
// BDF; -r would rebind the old driver (none here).
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {newPci, parsePciBdf} from '../libxlu/pci.js'
import {assignableRemove, ERROR_NOTFOUND} from '../libxl/pci.js'
import {LibxlFailure} from '../libxl/devices.js'
import {libxlCall} from './device-command.js'

export default xlCommand({
  name: 'pci-assignable-remove',
  canDryrun: false,
  modifies: true,
  summary: 'Remove a device from being assignable',
  usage: '[options] <BDF>|NAME',
  options: '-h                      Print this help.\n-r                      Attempt to re-assign the device to the\n                        original driver.',
  getopt: {short: 'hr', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'pci-assignable-remove', requiredArgs: 1},
  main(c) {
    const ident = c.args[0]!
    c.host(h => {
      try {
        assignableRemove(h, {...newPci(), name: ident})
        return
      } catch (e) {
        if (!(e instanceof LibxlFailure)) throw e
        if (e.rc !== ERROR_NOTFOUND) throw new XlError(e.lines, 1)
      }
      const r = parsePciBdf(ident)
      if (r.rc) throw new XlError(`pci-assignable-remove: malformed BDF '${ident}'`, 2)
      libxlCall(() => assignableRemove(h, r.pci), null)
    })
  },
})
