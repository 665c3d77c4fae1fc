// The guest's own console (hvc0): what `xl console <dom>` shows, with Linux's
// "[seconds.micros]" printk timestamps.
import type {GuestState} from '../hypervisor/domain.js'

/** hvc0 keeps this much text; older output scrolls away. */
export const GUEST_CONSOLE_MAX = 64 * 1024

/** ns since boot; a bigint keeps a stamp exact after 2^53 ns (104 days). */
export function printkTimestamp(ns: number | bigint): string {
  const us = typeof ns === 'bigint' ? ns / 1000n : BigInt(Math.floor(ns / 1000))
  return `[${String(us / 1_000_000n).padStart(5)}.${String(us % 1_000_000n).padStart(6, '0')}]`
}

/** Boot messages carry their boot-time stamps: 4 ms apart, as early boot is quick. */
export function guestPrintk(g: GuestState, text: string, sinceBootNs?: number | bigint): void {
  const ns = sinceBootNs ?? (g.console.split('\n').length - 1) * 4_000_000
  const all = g.console + `${printkTimestamp(ns)} ${text}\n`
  g.console = all.length > GUEST_CONSOLE_MAX ? all.slice(all.length - GUEST_CONSOLE_MAX) : all
}
