// An xl-level failure: the exact lines real xl/libxl print on stderr and
// xl's exit code. Thrown from the toolstack and parsers, printed at the top.
export class XlError extends Error {
  readonly lines: string[]
  constructor(lines: string | string[], readonly exitCode = 1) {
    const all = Array.isArray(lines) ? lines : [lines]
    super(all.join('\n'))
    this.lines = all
  }
}

/**
 * An argument as it appears in an error line: real xl echoes it whole, but a
 * megabyte-long argument would bury the message, so long ones are cut.
 */
export function shown(arg: string): string {
  return arg.length > 80 ? `${arg.slice(0, 64)}...(${arg.length} bytes)` : arg
}

/** `find_domain()` in xl_utils.c for an unknown name. */
export function invalidDomain(ident: string): XlError {
  return new XlError(`${shown(ident)} is an invalid domain identifier (rc=-6)`)
}
