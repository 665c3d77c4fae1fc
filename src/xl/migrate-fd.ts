// The receiver's two file descriptors (stdin from the sender, stdout back
// to it), read and written synchronously as xl's libxl_read_exactly and
// libxl_write_exactly do: a read returns short only at end of file, a
// write to a sender that is gone fails (EPIPE: Node ignores SIGPIPE, as
// migrate_receive asks for).
import {readSync, writeSync} from 'node:fs'
import {constants} from 'node:os'

/** A pipe the sender made non-blocking still reads: wait a little and try again. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Up to n bytes from fd: fewer only at end of file (or a read error, which ends the stream too). */
export function readExactly(fd: number, n: number): Buffer {
  const out = Buffer.alloc(n)
  let got = 0
  while (got < n) {
    let r: number
    try {
      r = readSync(fd, out, got, n - got, null)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        pause(2)
        continue
      }
      break
    }
    if (r === 0) break
    got += r
  }
  return out.subarray(0, got)
}

/** All of `bytes` to fd: null, or strerror of the failure. */
export function writeExactly(fd: number, bytes: Buffer): string | null {
  let done = 0
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EAGAIN') {
        pause(2)
        continue
      }
      return code === 'EPIPE' ? 'Broken pipe' : code === 'EBADF' ? 'Bad file descriptor' : (e as Error).message
    }
  }
  return null
}

/** errno's number for strerror-style lines ("32 = Broken pipe"). */
export function errnoNumber(code: string | undefined): number {
  return (constants.errno as Record<string, number>)[code ?? ''] ?? 0
}
