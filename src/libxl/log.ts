// libxl's stderr logger (libxl__logv in libxl_internal.c through
// xtl_stdiostream): one line per message,
// `libxl: <level>: <file>:<line>:<function>: [Domain N:]<message>`.
// The `Domain N:` prefix appears only for an id libxl_domid_valid_guest
// accepts (libxl_utils.c: 0 < domid < DOMID_FIRST_RESERVED), so never for
// dom0 nor INVALID_DOMID.

/** DOMID_FIRST_RESERVED (xen/include/public/xen.h). */
const DOMID_FIRST_RESERVED = 0x7ff0

export function libxlLine(level: 'error' | 'warning' | 'info', where: string, domid: number | null, message: string): string {
  const guest = domid !== null && domid > 0 && domid < DOMID_FIRST_RESERVED
  return `libxl: ${level}: ${where}: ${guest ? `Domain ${domid}:` : ''}${message}`
}
