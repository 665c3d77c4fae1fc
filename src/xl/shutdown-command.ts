// What `xl shutdown` and `xl reboot` share (xl_vmcontrol.c
// main_shutdown_or_reboot): ask one domain (or, with -a, every domain but
// dom0) to power off or reboot; -w waits for the shutdown, -w -w for the
// domain's death, printing xl's progress lines on stderr as they happen.
//
// The request is written to the guest's control/shutdown node and libxl
// waits (up to 60 s) for the guest to acknowledge it; the guest then runs
// its shutdown path, which takes its kernel's time (src/guest/shutdown.ts),
// so without -w the domain is still there when xl returns. Waiting moves a
// manual clock (inside one transaction) and takes real time on a wall
// clock (polling the host, the lock free meanwhile), as xl waits in
// libxl's event loop.
import type {Ctx} from './command.js'
import type {Host} from '../hypervisor/host.js'
import {domainsInOrder} from '../hypervisor/host.js'
import {nowNs} from '../hypervisor/time.js'
import {
  ERROR_FAIL, ERROR_NOPARAVIRT, ERROR_TIMEDOUT, findDomain, PVCONTROL_TIMEOUT_NS, pvcontrolTimeoutLine,
  shutdownAcked, shutdownRequest,
} from '../libxl/domain.js'
import {libxlSendTrigger} from '../libxl/trigger.js'
import {advanceBy} from '../libxl/clock.js'
import {toolstackWaits} from '../libxl/toolstack.js'
import {XlError} from '../libxl/errors.js'
import {SHUTDOWN_CODES} from '../hypervisor/types.js'

type Inv = Pick<Ctx, 'opts' | 'args' | 'host' | 'readHost' | 'warn2'>

/** How often a wall-clock wait looks at the host again. */
const POLL_MS = 100

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

interface Watched {domid: number; code: number; shutSeen: boolean; done: boolean}

export async function shutdownMain(reboot: boolean, inv: Inv): Promise<void> {
  const domain: string | undefined = inv.args[0]
  const all = inv.opts.has('a')
  const fallback = inv.opts.has('F')
  // xl counts -w: once waits for the shutdown, twice for the domain's death.
  const waits = inv.opts.count('w')
  if (domain === undefined && !all) throw new XlError(['You must specify -a or a domain id.', ''])
  const verb = reboot ? 'Rebooting' : 'Shutting down'
  const what = reboot ? 'reboot' : 'shutdown'
  const cmd = reboot ? 'reboot' : 'poweroff'
  const {ids, wall} = inv.readHost(h => ({
    // libxl_list_domain once, at the start (-a), or find_domain.
    ids: all ? domainsInOrder(h).filter(d => d.domid !== 0).map(d => d.domid) : [findDomain(h, domain!).domid],
    wall: h.config.clock === 'wall',
  }))
  if (!all && ids[0] === 0) {
    throw new XlError(`xl: xlsim does not ${what} the control domain (Domain-0); use \`xl host destroy\``)
  }
  const watched: Watched[] = []
  // shutdown_domain / reboot_domain, one domain after the other; the first
  // failure ends xl (the domains before it were asked: a guest asked to shut
  // down cannot be un-asked, so each request commits on its own).
  for (const id of ids) {
    const step = inv.host(h => {
      const d = h.domains.get(id)
      if (!d) return {lines: [] as string[], rc: 0, pending: false, asked: false}
      const lines = [`${verb} domain ${id}`]
      const r = shutdownRequest(h, d, cmd)
      if (r === 'noparavirt') {
        if (!fallback) {
          lines.push(`PV control interface not available: external graceful ${what} not possible.`,
            `Use "-F" to fallback to ACPI ${reboot ? 'reset' : 'power'} event.`)
          return {lines, rc: ERROR_NOPARAVIRT, pending: false, asked: false}
        }
        lines.push(`PV control interface not available: sending ACPI ${reboot ? 'reset' : 'power'} button event.`)
        // libxl_send_trigger: ERROR_FAIL when Xen refuses (it logged why).
        const logged = libxlSendTrigger(h, d, reboot ? 'reset' : 'power', 0)
        const rc = logged.length ? ERROR_FAIL : 0
        return {lines: [...lines, ...logged], rc, pending: false, asked: rc === 0}
      }
      if (r === 'pending' && !wall) {
        // libxl's xswait: nothing in this host can answer meanwhile.
        toolstackWaits(h, () => advanceBy(h, PVCONTROL_TIMEOUT_NS))
        if (!shutdownAcked(h.domains.get(id))) return {lines: [...lines, pvcontrolTimeoutLine()], rc: ERROR_TIMEDOUT, pending: false, asked: false}
      }
      return {lines, rc: 0, pending: r === 'pending', asked: true}
    })
    inv.warn2(step.lines)
    if (step.pending) {
      const deadline = Date.now() + Number(PVCONTROL_TIMEOUT_NS / 1_000_000n)
      let acked = false
      while (!acked && Date.now() < deadline) {
        await sleep(POLL_MS)
        acked = inv.readHost(h => shutdownAcked(h.domains.get(id)))
      }
      if (!acked) {
        inv.warn2([pvcontrolTimeoutLine()])
        step.rc = ERROR_TIMEDOUT
      }
    }
    if (step.rc) throw new XlError(`${what} failed (rc=${step.rc})`)
    if (step.asked) watched.push({domid: id, code: SHUTDOWN_CODES[cmd], shutSeen: false, done: false})
  }
  if (waits === 0) return
  inv.warn2([`Waiting for ${watched.length} domains`])
  const stuck = wall ? await waitWall(inv, watched, waits) : waitManual(inv, watched, waits)
  if (stuck.length) throw new XlError(stuck.map(w => stuckLine(w, waits, reboot)))
}

/**
 * wait_for_domain_deaths: the events of the watched domains as the host
 * shows them now. A domain that shut down and is gone at once (xl's
 * watcher destroyed it) is reported shut down, then (-w -w) destroyed.
 */
function observe(h: Host, watched: Watched[], waits: number): string[] {
  const lines: string[] = []
  for (const w of watched) {
    if (w.done) continue
    const d = h.domains.get(w.domid)
    const gone = !d
    if (!gone && d.shutdown === null) continue
    if (!w.shutSeen) {
      w.shutSeen = true
      lines.push(`Domain ${w.domid} has been shut down, reason code ${d?.shutdown ? SHUTDOWN_CODES[d.shutdown] : w.code}`)
      if (waits === 1) {
        w.done = true
        continue
      }
      lines.push(`Domain ${w.domid} continue waiting for death`)
    }
    if (gone) {
      lines.push(`Domain ${w.domid} has been destroyed`)
      w.done = true
    }
  }
  return lines
}

/** The watched domains that can still give xl its event (their guests are on their way). */
function progressing(h: Host, watched: Watched[]): {w: Watched; dueNs: bigint | null}[] {
  return watched.filter(w => !w.done).map(w => {
    const s = h.domains.get(w.domid)?.guest.shuttingDown
    const paused = (h.domains.get(w.domid)?.pauseCount ?? 0) > 0
    return {w, dueNs: s && !paused ? BigInt(s.dueNs) : null}
  })
}

function waitManual(inv: Inv, watched: Watched[], waits: number): Watched[] {
  return inv.host(h => {
    for (;;) {
      inv.warn2(observe(h, watched, waits))
      const left = progressing(h, watched)
      const next = left.filter(l => l.dueNs !== null).map(l => l.dueNs!).sort((a, b) => (a < b ? -1 : 1))[0]
      if (next === undefined) return left.map(l => l.w)
      toolstackWaits(h, () => advanceBy(h, next > nowNs(h) ? next - nowNs(h) : 0n))
    }
  })
}

async function waitWall(inv: Inv, watched: Watched[], waits: number): Promise<Watched[]> {
  for (;;) {
    const {lines, left} = inv.readHost(h => ({lines: observe(h, watched, waits), left: progressing(h, watched)}))
    inv.warn2(lines)
    if (left.length === 0) return []
    // Nothing on its way: real xl would wait for ever.
    if (left.every(l => l.dueNs === null)) return left.map(l => l.w)
    await sleep(POLL_MS)
  }
}

/** xlsim's own line where real xl would wait for ever. */
function stuckLine(w: Watched, waits: number, reboot: boolean): string {
  if (w.shutSeen && waits > 1) {
    return `xl: domain ${w.domid} is preserved (on_${reboot ? 'reboot' : 'poweroff'}=preserve) and will not die; not waiting forever`
  }
  return `xl: domain ${w.domid} cannot act on the request now (paused, not booted or already shut down); not waiting forever`
}
