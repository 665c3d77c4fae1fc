// What happens when stdout goes away: a reader that closed the pipe (`xl top
// -b | head -1`) ends the command quietly, as SIGPIPE ends xentop or xl
// (Node ignores SIGPIPE, so the exit status is the one a shell reports for
// it, 128 + 13); a write that fails otherwise (`xl list > /dev/full`) is one
// line, in coreutils' words ("write error: ..."), and exit 1.
const STRERROR: Record<string, string> = {
  ENOSPC: 'No space left on device',
  EIO: 'Input/output error',
  EBADF: 'Bad file descriptor',
  EFBIG: 'File too large',
  EDQUOT: 'Disk quota exceeded',
}

export const SIGPIPE_STATUS = 128 + 13

export function guardStreams(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(SIGPIPE_STATUS)
    try {
      process.stderr.write(`xl: write error: ${STRERROR[e.code ?? ''] ?? e.message}\n`)
    } catch {
      // Nowhere left to say it.
    }
    process.exit(1)
  })
  process.stderr.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? SIGPIPE_STATUS : 1))
}
