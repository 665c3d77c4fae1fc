// main_loadpolicy (tools/xl/xl_flask.c): reads the policy file whole, then
// FLASK_LOAD. A file that cannot be opened fails before the hypercall.
import {xlCommand} from './command.js'
import {accessSync, constants, statSync} from 'node:fs'
import {flaskOp, FLASK_LOAD} from '../libxl/flask.js'
import {ENOSYS} from '../hypervisor/errno.js'
import {strerror} from './config-file.js'

export default xlCommand({
  name: 'loadpolicy',
  canDryrun: false,
  modifies: true,
  summary: 'Loads a new policy into the Flask Xen security module',
  usage: '<policy file>',
  options: null,
  getopt: null,
  main(c) {
    const file = c.args[0]
    if (file === undefined) {
      c.help()
      return 2
    }
    // The size is what stat() says (0 for a device: nothing is read from it,
    // so /dev/zero cannot make it hang); only the size reaches Xen.
    let size: number
    try {
      accessSync(file, constants.R_OK)
      const st = statSync(file)
      if (st.isDirectory()) {
        // open(O_RDONLY) of a directory succeeds; read() then fails.
        c.warn2([`Unable to read new Flask policy file: ${strerror('EISDIR')}`])
        return 255
      }
      size = st.isFile() ? st.size : 0
    } catch (e) {
      c.warn2([`Error occurred opening policy file '${file}': ${strerror((e as NodeJS.ErrnoException).code)}`])
      return 255
    }
    const r = c.host(h => flaskOp(h, FLASK_LOAD, size))
    if (r.rc < 0) {
      c.warn2([r.errno === ENOSYS ? 'Flask XSM disabled' : `Unable to load new Flask policy: ${r.errno}`])
      return 255
    }
    c.out('Successfully loaded policy.\n')
  },
})
