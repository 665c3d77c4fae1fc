// What a thrown error means to an xl user: one line (or xl's exact lines) on
// stderr and xl's exit code; no stack trace for anything a user can cause.
import {XlError} from '../libxl/errors.js'
import {StateError} from '../../state/errors.js'
import {HypervisorError} from '../hypervisor/errno.js'
import type {Io} from './command.js'

/** Print what a failure means on stderr (each line cut if huge); returns its exit code. */
export function report(io: Io, err: Error): number {
  const failure = failureOf(err)
  io.stderr(failure.lines.map(l => `${clip(l)}\n`).join(''))
  return failure.code
}

export function failureOf(err: Error): {lines: readonly string[]; code: number} {
  if (err instanceof XlError) return {lines: err.lines, code: err.exitCode}
  if (err instanceof StateError) return {lines: [`xl: ${err.message}`], code: 1}
  if (err instanceof HypervisorError) return {lines: [`xl: ${err.message} (rc=${err.rc})`], code: 1}
  if (process.env.XLSIM_DEBUG) throw err
  return {lines: [`xl: internal error: ${err.message}`], code: 70}
}

/** An error line that echoes a huge argument is cut so the message stays readable. */
function clip(line: string): string {
  return line.length <= 1024 ? line : `${line.slice(0, 160)}...(${line.length - 220} bytes)...${line.slice(-60)}`
}
