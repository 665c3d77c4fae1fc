// The sender's end of the migration transport (tools/xl/xl_migrate.c):
// create_migration_child runs the rune through `sh -c` with its stdin and
// stdout on two pipes, migrate_read_fixedmessage reads xl's fixed messages
// back, migration_child_report waits (2 s at most) for the child and logs
// how it ended. The rune finds this xlsim as `xl` first on its PATH, so a
// receiver started by it (directly, or by an ssh-like command that runs its
// arguments here) is xlsim's migrate-receive.
import {spawn, type ChildProcess} from 'node:child_process'
import {constants} from 'node:os'
import {dirname, join} from 'node:path'
import {libxlLine} from '../libxl/log.js'

/** strsignal(3) (glibc) for the signals a transport dies of. */
const STRSIGNAL: Record<string, string> = {
  SIGHUP: 'Hangup', SIGINT: 'Interrupt', SIGQUIT: 'Quit', SIGILL: 'Illegal instruction', SIGABRT: 'Aborted',
  SIGBUS: 'Bus error', SIGFPE: 'Floating point exception', SIGKILL: 'Killed', SIGUSR1: 'User defined signal 1',
  SIGSEGV: 'Segmentation fault', SIGUSR2: 'User defined signal 2', SIGPIPE: 'Broken pipe', SIGALRM: 'Alarm clock',
  SIGTERM: 'Terminated',
}

/** errno names to strerror(3) for the write failures a pipe gives. */
const STRERROR: Record<string, string> = {EPIPE: 'Broken pipe', ECONNRESET: 'Connection reset by peer', EBADF: 'Bad file descriptor'}

export function strerrorOf(e: NodeJS.ErrnoException): string {
  return STRERROR[e.code ?? ''] ?? e.message
}

const WHAT = 'migration transport process'

export class MigrationChild {
  private readonly child: ChildProcess
  private buffered = Buffer.alloc(0)
  private ended = false
  private wake: (() => void) | null = null
  private exit: {code: number | null; signal: NodeJS.Signals | null} | null = null
  private exited: Promise<void>

  /** create_migration_child: `sh -c rune`, its stdin and stdout ours; `env` is added to this process's environment. */
  constructor(readonly rune: string, root: string, env: Record<string, string>) {
    // bin/path/xl, and the node running us for its `#!/usr/bin/env node`
    const path = [join(root, 'bin', 'path'), dirname(process.execPath), process.env.PATH ?? ''].join(':')
    this.child = spawn('/bin/sh', ['-c', rune], {stdio: ['pipe', 'pipe', 'inherit'], env: {...process.env, ...env, PATH: path}})
    this.exited = new Promise(resolve => this.child.on('exit', (code, signal) => {
      this.exit = {code, signal}
      resolve()
    }))
    // A receiver that is gone makes our writes fail (EPIPE): each write reports it; no crash.
    this.child.stdin!.on('error', () => {})
    this.child.stdout!.on('data', (b: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, b])
      this.wake?.()
    })
    this.child.stdout!.on('close', () => {
      this.ended = true
      this.wake?.()
    })
  }

  get pid(): number {
    return this.child.pid ?? -1
  }

  /** read(2) until n bytes or end of file: the bytes, or null when the stream ended first. */
  async readExactly(n: number): Promise<Buffer | null> {
    while (this.buffered.length < n && !this.ended) await new Promise<void>(resolve => (this.wake = resolve))
    this.wake = null
    if (this.buffered.length < n) return null
    const out = this.buffered.subarray(0, n)
    this.buffered = this.buffered.subarray(n)
    return out
  }

  /** write(2) of all of `bytes`: null, or the error (the receiver closed its end). */
  write(bytes: Buffer): Promise<NodeJS.ErrnoException | null> {
    const stdin = this.child.stdin!
    if (stdin.destroyed || !stdin.writable) return Promise.resolve(Object.assign(new Error('EPIPE'), {code: 'EPIPE'}))
    return new Promise(resolve => stdin.write(bytes, e => resolve(e ?? null)))
  }

  /** close(send_fd): the receiver reads end of file. */
  closeSend(): void {
    this.child.stdin!.end()
  }

  /**
   * migration_child_report: wait for the child, 2 s at most, and log a
   * non-zero status at XTL_INFO (libxl_report_child_exitstatus).
   */
  async report(warn: (lines: readonly string[]) => void): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'timeout'>(resolve => (timer = setTimeout(() => resolve('timeout'), 2000)))
    const r = await Promise.race([this.exited.then(() => 'exited' as const), timeout])
    clearTimeout(timer)
    if (r === 'timeout' || !this.exit) {
      warn([`migration child [${this.pid}] not exiting, no longer waiting (exit status will be unreported)`])
      return
    }
    const {code, signal} = this.exit
    const where = (line: number) => `libxl_exec.c:${line}:libxl_report_child_exitstatus`
    if (signal) {
      const name = STRSIGNAL[signal] ?? `Unknown signal ${constants.signals[signal] ?? '?'}`
      warn([libxlLine('info', where(129), null, `${WHAT} [${this.pid}] died due to fatal signal ${name}`)])
    } else if (code) {
      warn([libxlLine('info', where(118), null, `${WHAT} [${this.pid}] exited with error status ${code}`)])
    }
  }

  /** xl exits without waiting for a child still running: nothing of it keeps this process alive. */
  dispose(): void {
    this.child.stdin!.destroy()
    this.child.stdout!.destroy()
    this.child.unref()
  }
}

/**
 * migrate_read_fixedmessage: the message, else xl's lines (a short read is
 * libxl_read_exactly's complaint; other bytes name the command run).
 */
export async function readFixedMessage(child: MigrationChild, msg: string, what: string,
  warn: (lines: readonly string[]) => void): Promise<boolean> {
  const stream = 'migration receiver stream'
  const want = Buffer.from(msg, 'latin1')
  const got = await child.readExactly(want.length)
  if (!got) {
    warn([libxlLine('error', 'libxl_utils.c:505:libxl_read_exactly', null, `file/stream truncated reading ${what} from ${stream}`)])
    return false
  }
  if (!got.equals(want)) {
    warn([`${stream} contained unexpected data instead of ${what}`, `(command run was: ${child.rune} )`])
    return false
  }
  return true
}
