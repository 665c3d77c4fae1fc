// The consoles of a domain (libxl_console.c): the primary one is the
// serial port for an HVM guest and the PV console (hvc0) for the others
// (libxl__primary_console_find). `xl console` execs xenconsole
// (tools/console/client/main.c) on it, which refuses dom0 and gives up on
// a console whose tty never appears in xenstore.
import type {Domain} from '../hypervisor/domain.js'

export type ConsoleType = 'pv' | 'serial' | 'vuart'

export interface ConsoleRef {
  type: ConsoleType
  num: number
}

export function primaryConsole(d: Domain): ConsoleRef {
  return {type: d.type === 'hvm' ? 'serial' : 'pv', num: 0}
}

/**
 * Which consoles have a tty in xenstore: the PV console 0 of every guest
 * (xenconsoled; libxl gives HVM guests one too) and an HVM guest's serial
 * port 0 (QEMU). No vuart or secondary console is configured here.
 */
export function consoleExists(d: Domain, c: ConsoleRef): boolean {
  if (c.num !== 0) return false
  return c.type === 'pv' || (c.type === 'serial' && d.type === 'hvm')
}

/** What was written to that console: the kernel's own messages go to the primary one. */
export function consoleText(d: Domain, c: ConsoleRef): string {
  const p = primaryConsole(d)
  return p.type === c.type && p.num === c.num ? d.guest.console : ''
}
