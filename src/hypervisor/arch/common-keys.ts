// Debug keys registered by common code (xen/common/keyhandler.c key_table,
// page_alloc.c, timer.c, event_channel.c, grant_table.c, console.c) on every
// arch; 'x' (livepatch.c) only where CONFIG_LIVEPATCH is built: it defaults
// to X86 (xen/common/Kconfig), so it is in x86's table.
export const COMMON_KEYS: readonly (readonly [string, string])[] = [
  ['%', 'trap to xendbg'],
  ['*', 'print all diagnostics'],
  ['+', 'increase log level threshold'],
  ['-', 'decrease log level threshold'],
  ['0', 'dump Dom0 registers'],
  ['A', 'toggle alternative key handling'],
  ['G', 'toggle host/guest log level adjustment'],
  ['H', 'dump heap info'],
  ['R', 'reboot machine'],
  ['a', 'dump timer queues'],
  ['d', 'dump registers'],
  ['e', 'dump evtchn info'],
  ['g', 'print grant table usage'],
  ['h', 'show this message'],
  ['m', 'memory info'],
  ['q', 'dump domain (and guest debug) info'],
  ['r', 'dump run queues'],
  ['t', 'display multi-cpu clock info'],
  ['w', 'synchronously dump console ring buffer (dmesg)'],
]

export function withArchKeys(extra: readonly (readonly [string, string])[]): readonly (readonly [string, string])[] {
  return [...COMMON_KEYS, ...extra].sort((a, b) => a[0].charCodeAt(0) - b[0].charCodeAt(0))
}

/** livepatch.c:2251, registered where CONFIG_LIVEPATCH is built. */
export const LIVEPATCH_KEY = ['x', 'print livepatch info'] as const

/** "XenPage" lines of dump_pageframe_info: two Xen heap pages per domain. */
export function xenPageLines(domid: number): string[] {
  const base = 0x7fda7 - domid * 0x37
  return [
    `    XenPage ${base.toString(16).padStart(16, '0')}: caf=c000000000000002, taf=e400000000000002`,
    `    XenPage ${(0x13a446 + domid * 0x84).toString(16).padStart(16, '0')}: caf=c000000000000002, taf=e400000000000002`,
  ]
}
