// libxl's stderr logger (xtl_stdiostream through libxl__log): one line per
// message, `libxl: <level>: <file>:<line>:<function>: [Domain N:]<message>`.
export function libxlLine(level: 'error' | 'warning', where: string, domid: number | null, message: string): string {
  return `libxl: ${level}: ${where}: ${domid === null ? '' : `Domain ${domid}:`}${message}`
}
