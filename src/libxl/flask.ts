// libxl_flask.c over xc_flask.c: every FLASK request is one xsm_op
// hypercall (xc_flask_op). The Xen modelled is built as Debian builds it,
// without CONFIG_XSM, so the hypercall is the dummy module's and answers
// -ENOSYS (xen/include/xsm/dummy.h do_xsm_op); xc_flask_op returns -1 with
// errno ENOSYS and prints nothing for it (only EACCES gets a line).
import type {Host} from '../hypervisor/host.js'
import {hypercall, __HYPERVISOR_xsm_op} from '../hypervisor/hypercall.js'
import {DOM0} from '../hypervisor/domctl.js'

/** FLASK_* op numbers (xen/include/public/xsm/flask_op.h). */
export const FLASK_LOAD = 1
export const FLASK_GETENFORCE = 2
export const FLASK_SETENFORCE = 3

/** The result of one flask op as xc returns it: rc (-1 on failure) and errno. */
export interface FlaskResult {
  rc: number
  errno: number
}

/** xc_flask_op() from dom0's toolstack. */
export function flaskOp(host: Host, cmd: number, arg = 0): FlaskResult {
  const {rc} = hypercall(host, {domid: DOM0, vcpuId: 0}, __HYPERVISOR_xsm_op, [cmd, arg])
  return rc < 0 ? {rc: -1, errno: -rc} : {rc, errno: 0}
}
