import {Args, Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {domainsInOrder} from '../src/hypervisor/host.js'
import {findDomain, shutdownRequestXl, type ShutdownOutcome} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'

/**
 * xl_vmcontrol.c main_shutdown_or_reboot: ask one domain (or, with -a, every
 * domain but dom0) to power off or reboot; -w waits for the shutdown, -w -w
 * for the domain's death, printing xl's progress lines on stderr.
 */
export async function shutdownOrReboot(reboot: boolean, parsed: {
  domain?: string; all: boolean; fallback: boolean; state?: string
}, waits: number, setState: (s: string | undefined) => void, host: XlCommand['host']): Promise<void> {
  setState(parsed.state)
  if (parsed.domain === undefined && !parsed.all) throw new XlError(['You must specify -a or a domain id.', ''])
  const verb = reboot ? 'Rebooting' : 'Shutting down'
  const what = reboot ? 'reboot' : 'shutdown'
  const r = host(h => {
    const lines: string[] = []
    const targets = parsed.all
      ? domainsInOrder(h).filter(d => d.domid !== 0)
      : [findDomain(h, parsed.domain!)]
    const outcomes: ShutdownOutcome[] = []
    for (const d of targets) {
      if (d.domid === 0) {
        return {lines, error: new XlError(`xl: xlsim does not ${what} the control domain (Domain-0); use \`xl host destroy\``)}
      }
      lines.push(`${verb} domain ${d.domid}`)
      if (d.type === 'hvm' && !d.guest.booted) {
        // No PV drivers yet: libxl returns ERROR_NOPARAVIRT.
        if (parsed.fallback) {
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
    lines.push(`Waiting for ${outcomes.length} domains`)
    for (const o of outcomes) {
      if (!o.acted) {
        return {lines, error: new XlError(`xl: domain ${o.domid} cannot act on the request now (paused, not booted or already shut down); not waiting forever`)}
      }
      lines.push(`Domain ${o.domid} has been shut down, reason code ${o.reasonCode}`)
      if (waits === 1) continue
      lines.push(`Domain ${o.domid} continue waiting for death`)
      if (!o.destroyed) {
        return {lines, error: new XlError(`xl: domain ${o.domid} is preserved (on_${reboot ? 'reboot' : 'poweroff'}=preserve) and will not die; not waiting forever`)}
      }
      lines.push(`Domain ${o.domid} has been destroyed`)
    }
    return {lines, error: null}
  })
  process.stderr.write(r.lines.map(l => `${l}\n`).join(''))
  if (r.error) throw r.error
}

/** How many times -w/--wait was given (xl counts them); the repeats are dropped for oclif. */
export function countWaits(argv: string[]): {argv: string[]; waits: number} {
  let waits = 0
  const out = argv.filter(a => {
    if (a !== '-w' && a !== '--wait') return true
    waits++
    return waits === 1
  })
  return {argv: out, waits}
}

export default class Shutdown extends XlCommand {
  static override summary = 'Issue a shutdown signal to a domain'
  static override args = {domain: Args.string({description: 'Domain'})}
  static override flags = {
    all: Flags.boolean({char: 'a', description: 'Shutdown all guest domains'}),
    wait: Flags.boolean({char: 'w', description: 'Wait for guest(s) to shutdown'}),
    fallback: Flags.boolean({char: 'F', description: 'Fallback to ACPI power event for HVM guests with no PV drivers'}),
  }

  async run(): Promise<void> {
    const {argv, waits} = countWaits(this.argv)
    this.argv = argv
    const {args, flags} = await this.parse(Shutdown)
    await shutdownOrReboot(false, {domain: args.domain, all: flags.all, fallback: flags.fallback, state: flags.state},
      waits, s => this.setState(s), fn => this.host(fn))
  }
}
