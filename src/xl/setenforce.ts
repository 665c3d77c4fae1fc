// main_setenforce (tools/xl/xl_flask.c): 0/1/permissive/enforcing, else
// help and 2; the FLASK_SETENFORCE failure is returned as is (-1: 255).
import {xlCommand} from './command.js'
import {flaskOp, FLASK_SETENFORCE} from '../libxl/flask.js'
import {ENOSYS} from '../hypervisor/errno.js'

export default xlCommand({
  name: 'setenforce',
  canDryrun: false,
  modifies: true,
  summary: 'Sets the current enforcing mode of the Flask Xen security module',
  usage: '<1|0|Enforcing|Permissive>',
  options: null,
  getopt: null,
  main(c) {
    const mode = enforceMode(c.args[0])
    if (mode === null) {
      c.help()
      return 2
    }
    const r = c.host(h => flaskOp(h, FLASK_SETENFORCE, mode))
    if (r.rc !== 0) {
      c.warn2([r.errno === ENOSYS ? 'Flask XSM disabled' : `error occurred while setting enforcing mode (${r.rc})`])
      return 255
    }
  },
})

/** The words main_setenforce takes: "0", "1" exactly; the names in any case (strcasecmp). */
function enforceMode(word: string | undefined): number | null {
  if (word === '0' || word?.toLowerCase() === 'permissive') return 0
  if (word === '1' || word?.toLowerCase() === 'enforcing') return 1
  return null
}
