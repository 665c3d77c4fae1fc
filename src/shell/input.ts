// The shell's keyboard: stdin in raw mode for the whole session, read by one
// listener that never stops, so keys typed while a command runs or between
// two prompts are queued, decoded and given to the next prompt in order,
// none lost or merged. While a command runs, Ctrl-C does not wait in the
// queue: it interrupts the command, and the keys typed before it are
// dropped, as a terminal's line discipline flushes its input on SIGINT
// (termios ISIG without NOFLSH).
import {decodeKeys, type Key} from './keys.js'

export class TerminalInput {
  private queue: Key[] = []
  private rest = ''
  private waiter: ((k: Key) => void) | null = null
  private interrupt: (() => void) | null = null
  private ended = false
  private attached = false

  constructor(private readonly stdin: NodeJS.ReadStream) {}

  private readonly onData = (chunk: string | Buffer) => {
    const d = decodeKeys(this.rest + chunk.toString())
    this.rest = d.rest
    for (const k of d.keys) {
      if (k.kind === 'cancel' && this.interrupt) {
        const stop = this.interrupt
        this.interrupt = null
        this.queue = []
        stop()
      } else this.queue.push(k)
    }
    this.wake()
  }

  private readonly onEnd = () => {
    this.ended = true
    this.wake()
  }

  /** Take the terminal: raw mode, reading. */
  attach(): void {
    if (this.attached) return
    this.attached = true
    this.stdin.setRawMode?.(true)
    this.stdin.setEncoding('utf8')
    this.stdin.on('data', this.onData)
    this.stdin.on('end', this.onEnd)
    this.stdin.resume()
  }

  /** Give the terminal back (to a full-screen command, or at exit). */
  detach(): void {
    if (!this.attached) return
    this.attached = false
    this.stdin.off('data', this.onData)
    this.stdin.off('end', this.onEnd)
    this.stdin.setRawMode?.(false)
    this.stdin.pause()
  }

  /** The next key typed; Ctrl-D (eof) once stdin has ended. */
  next(): Promise<Key> {
    const k = this.queue.shift()
    if (k) return Promise.resolve(k)
    if (this.ended) return Promise.resolve({kind: 'eof'})
    return new Promise(resolve => (this.waiter = resolve))
  }

  /** Run `fn` with Ctrl-C calling `stop` (once) instead of being queued. */
  async interruptible<T>(stop: () => void, fn: () => Promise<T>): Promise<T> {
    this.interrupt = stop
    try {
      return await fn()
    } finally {
      this.interrupt = null
    }
  }

  /** A Ctrl-C from outside (SIGINT): the same as typing it. */
  cancel(): void {
    this.onData('\x03')
  }

  private wake(): void {
    if (!this.waiter) return
    const k = this.queue.shift() ?? (this.ended ? {kind: 'eof' as const} : undefined)
    if (!k) return
    const w = this.waiter
    this.waiter = null
    w(k)
  }
}
