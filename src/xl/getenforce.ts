// main_getenforce (tools/xl/xl_flask.c): FLASK_GETENFORCE. With XSM built
// out the hypercall fails with ENOSYS: xl says so on stdout and returns the
// -1 it got (exit status 255).
import {xlCommand} from './command.js'
import {flaskOp, FLASK_GETENFORCE} from '../libxl/flask.js'
import {ENOSYS} from '../hypervisor/errno.js'

export default xlCommand({
  name: 'getenforce',
  canDryrun: false,
  modifies: false,
  summary: 'Returns the current enforcing mode of the Flask Xen security module',
  usage: '',
  options: null,
  getopt: null,
  main(c) {
    const r = c.readHost(h => flaskOp(h, FLASK_GETENFORCE))
    if (r.rc < 0) {
      if (r.errno === ENOSYS) c.out('Flask XSM Disabled\n')
      else c.warn2(['Failed to get enforcing mode'])
      return 255
    }
    c.out(r.rc === 1 ? 'Enforcing\n' : 'Permissive\n')
  },
})
