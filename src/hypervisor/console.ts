// The hypervisor console ring (xen/drivers/char/console.c conring): a fixed
// size byte ring; when full, the oldest text is dropped. `xl dmesg -c` reads
// and clears it.

export const CONRING_SIZE = 16 * 1024

export interface ConsoleRing {
  /** The retained text, never more than CONRING_SIZE bytes (ASCII only). */
  text: string
}

export function newConsoleRing(): ConsoleRing {
  return {text: ''}
}

/** Append text; drop whole oldest bytes so the ring keeps its size. */
export function ringWrite(ring: ConsoleRing, text: string): void {
  // Console output is 7-bit: Xen's serial/console path has no use for other bytes.
  const clean = text.replace(/[^\x09\x0a\x20-\x7e]/g, '?')
  const all = ring.text + clean
  ring.text = all.length > CONRING_SIZE ? all.slice(all.length - CONRING_SIZE) : all
}

/** A hypervisor message: "(XEN) " before every line. */
export function xenLog(ring: ConsoleRing, ...lines: string[]): void {
  ringWrite(ring, lines.map(l => `(XEN) ${l}\n`).join(''))
}

/** Guest output from the console_io hypercall: "(d<N>) " before every line. */
export function guestLog(ring: ConsoleRing, domid: number, text: string): void {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  ringWrite(ring, lines.map(l => `(d${domid}) ${l}\n`).join(''))
}

export function ringRead(ring: ConsoleRing, clear: boolean): string {
  const text = ring.text
  if (clear) ring.text = ''
  return text
}
