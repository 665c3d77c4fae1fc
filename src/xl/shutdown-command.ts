// What `xl shutdown` and `xl reboot` share (xl_vmcontrol.c
// main_shutdown_or_reboot): ask one domain (or, with -a, every domain but
// dom0) to power off or reboot; -w waits for the shutdown, -w -w for the
// domain's death, printing xl's progress lines on stderr.
import type {Ctx} from './command.js'
import {domainsInOrder} from '../hypervisor/host.js'
import {findDomain, shutdownRequestXl, type ShutdownOutcome} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'

export function shutdownMain(reboot: boolean, inv: Pick<Ctx, 'opts' | 'args' | 'host' | 'warn2'>): void {
  const domain: string | undefined = inv.args[0]
  const all = inv.opts.has('a')
  const fallback = inv.opts.has('F')
  // xl counts -w: once waits for the shutdown, twice for the domain's death.
  const waits = inv.opts.count('w')
  if (domain === undefined && !all) throw new XlError(['You must specify -a or a domain id.', ''])
  const verb = reboot ? 'Rebooting' : 'Shutting down'
  const what = reboot ? 'reboot' : 'shutdown'
  // Errors are returned, not thrown, so the transaction commits what was
  // done: shutdown_domain exits at the first domain it cannot ask, after the
  // ones before it were asked (xl_vmcontrol.c), and a guest asked to shut
  // down cannot be un-asked.
  const r = inv.host(h => {
    const lines: string[] = []
    const targets = all
      ? domainsInOrder(h).filter(d => d.domid !== 0)
      : [findDomain(h, domain!)]
    const outcomes: ShutdownOutcome[] = []
    for (const d of targets) {
      if (d.domid === 0) {
        return {lines, error: new XlError(`xl: xlsim does not ${what} the control domain (Domain-0); use \`xl host destroy\``)}
      }
      lines.push(`${verb} domain ${d.domid}`)
      if (d.type === 'hvm' && !d.guest.booted) {
        // No PV drivers yet: libxl returns ERROR_NOPARAVIRT.
        if (fallback) {
          lines.push(`PV control interface not available: sending ACPI ${reboot ? 'reset' : 'power'} button event.`)
          outcomes.push({domid: d.domid, acted: false, reasonCode: 0, destroyed: false})
          continue
        }
        lines.push(`PV control interface not available: external graceful ${what} not possible.`,
          `Use "-F" to fallback to ACPI ${reboot ? 'reset' : 'power'} event.`)
        return {lines, error: new XlError(`${what} failed (rc=-10)`)}
      }
      outcomes.push(shutdownRequestXl(h, d, reboot ? 'reboot' : 'poweroff'))
    }
    if (waits === 0) return {lines, error: null}
    // wait_for_domain_deaths reports each domain's event as it comes, so the
    // domains that act are reported even when one of them never will (real
    // xl would wait for that one forever; xlsim says so and exits 1). The
    // requests already made stay made: xl acts per domain, not all-or-nothing.
    lines.push(`Waiting for ${outcomes.length} domains`)
    const stuck: string[] = []
    for (const o of outcomes) {
      if (!o.acted) {
        stuck.push(`xl: domain ${o.domid} cannot act on the request now (paused, not booted or already shut down); not waiting forever`)
        continue
      }
      lines.push(`Domain ${o.domid} has been shut down, reason code ${o.reasonCode}`)
      if (waits === 1) continue
      lines.push(`Domain ${o.domid} continue waiting for death`)
      if (!o.destroyed) {
        stuck.push(`xl: domain ${o.domid} is preserved (on_${reboot ? 'reboot' : 'poweroff'}=preserve) and will not die; not waiting forever`)
        continue
      }
      lines.push(`Domain ${o.domid} has been destroyed`)
    }
    return {lines, error: stuck.length > 0 ? new XlError(stuck) : null}
  })
  inv.warn2(r.lines)
  if (r.error) throw r.error
}
