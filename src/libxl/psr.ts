// libxl_psr.c over xc_psr.c: the PSR requests xl's psr-* commands make, and
// the lines libxl logs when Xen refuses them (the simulated CPU has no PSR:
// src/hypervisor/psr.ts). Values are ERROR_FAIL (-3) as libxl returns it.
import {psrOp} from '../hypervisor/psr.js'
import {ENODEV} from '../hypervisor/errno.js'
import {libxlLine} from './log.js'
import {strtoul} from '../libxlu/strto.js'

const ERROR_FAIL = -3

/** The simulated host's sockets (libxl__count_physical_sockets): one, as xl info's topology says. */
export const NR_SOCKETS = 1

/** libxl_socket_bitmap_alloc(ctx, &map, 0): bits for the most sockets, rounded up to whole bytes. */
const SOCKET_BITMAP_BITS = 8

export interface PsrResult {
  rc: number
  lines: string[]
}

/** libxl__psr_cmt_log_err_msg (libxl_psr.c:49): LOGE, so strerror follows. */
function cmtErr(errno: number): string {
  const msg = errno === ENODEV ? 'CMT is not supported in this system: No such device' : `unknown error: errno ${errno}`
  return libxlLine('error', 'libxl_psr.c:71:libxl__psr_cmt_log_err_msg', null, msg)
}

/** libxl_psr_cmt_attach / _detach: XEN_DOMCTL_psr_cmt_op. */
export function cmtAttachDetach(op: 'cmt_attach' | 'cmt_detach'): PsrResult {
  const rc = psrOp(op)
  return rc < 0 ? {rc: ERROR_FAIL, lines: [cmtErr(-rc)]} : {rc: 0, lines: []}
}

/** xc_psr_cmt_enabled: a failed sysctl reads as "not enabled". */
export function cmtEnabled(): boolean {
  return psrOp('cmt_enabled') === 0
}

/** libxl_psr_get_hw_info (and libxl_psr_cat_get_info over it): the sysctl fails silently. */
export function hwInfo(feature: 'cat_l3_info' | 'cat_l2_info' | 'mba_info'): number {
  return psrOp(feature) < 0 ? ERROR_FAIL : 0
}

/** The feature name of libxl__psr_alloc_log_err_msg's table, by libxl_psr_type. */
export type PsrType = 'L3 CAT' | 'CDP' | 'L2 CAT' | 'MBA'

/**
 * libxl_psr_set_val: one XEN_DOMCTL_psr_alloc per socket of the map below
 * the host's socket count (the loop stops at the first socket past it, so
 * a map of only absent sockets succeeds doing nothing), each refusal
 * logged by libxl__psr_alloc_log_err_msg (libxl_psr.c:123, LOG: no errno).
 */
export function setVal(type: PsrType, sockets: ReadonlySet<number>): PsrResult {
  const lines: string[] = []
  let rc = 0
  for (const socket of [...sockets].sort((a, b) => a - b)) {
    if (socket >= NR_SOCKETS) break
    const r = psrOp('set_val')
    if (r < 0) {
      lines.push(libxlLine('error', 'libxl_psr.c:123:libxl__psr_alloc_log_err_msg', null, `${type}: ${allocMsg(-r)}`))
      rc = ERROR_FAIL
    }
  }
  return {rc, lines}
}

function allocMsg(errno: number): string {
  return errno === ENODEV ? 'is not supported in this system' : `unknown error: errno ${errno}`
}

/**
 * The sockets of `-s LIST` as main_psr_cat_cbm_set / main_psr_mba_set take
 * them: each item through parse_range (xl_utils.c) with its result
 * ignored, so a bad item still sets what strtoul left behind; bits past the
 * map are dropped (libxl_bitmap_set). An empty map means every socket.
 */
export function socketMap(lists: readonly string[]): Set<number> {
  const map = new Set<number>()
  for (const list of lists) {
    for (const item of list.trim().split(',')) {
      const first = strtoul(item)
      const start = first.value
      let end = start
      if (item[first.end] === '-') end = strtoul(item, first.end + 1).value
      const last = end < BigInt(SOCKET_BITMAP_BITS - 1) ? end : BigInt(SOCKET_BITMAP_BITS - 1)
      for (let j = start; j <= last; j++) map.add(Number(j))
    }
  }
  if (map.size === 0) for (let j = 0; j < SOCKET_BITMAP_BITS; j++) map.add(j)
  return map
}

/** atoi(): leading digits with an optional sign, 0 when there are none. */
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s)
  if (!m) return 0
  return Number(BigInt.asIntN(32, BigInt(m[1]!)))
}
