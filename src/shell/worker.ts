// The interactive shell runs each command in a worker thread, so that
// Ctrl-C can stop it. Commands are synchronous (the scheduler, the checker
// and each SQLite transaction run to the end without yielding), so a key
// could not be seen on the thread running them; the shell's own thread
// keeps reading keys, and on Ctrl-C terminates the worker and starts a new
// one. Terminating a worker closes its SQLite connection (better-sqlite3
// closes its databases when a worker's environment is torn down), and
// closing a connection inside a transaction rolls it back: the host is as
// it was before the interrupted command. One long-lived worker runs every
// command, so a command costs a message each way, not a start-up.
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads'
import {execLine} from './exec.js'

const ROLE = 'xlsim-shell-command-worker'

interface RunMessage {
  id: number
  argv: string[]
}

type WorkerMessage = {type: 'out'; fd: 1 | 2; text: string} | {type: 'done'; id: number; rc: number}

/** Exit code of an interrupted command (a shell's 128 + SIGINT). */
export const INTERRUPTED_RC = 130

if (!isMainThread && (workerData as {role?: string} | null)?.role === ROLE) serve((workerData as {root: string}).root)

/** In the worker: run each command sent, its output sent back in order with its exit code. */
function serve(root: string): void {
  const port = parentPort!
  // One port for output and results, so the result never overtakes the output.
  for (const [fd, stream] of [[1, process.stdout], [2, process.stderr]] as const) {
    stream.write = ((chunk: unknown, enc?: unknown, cb?: unknown) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')
      port.postMessage({type: 'out', fd, text} satisfies WorkerMessage)
      const done = typeof enc === 'function' ? enc : cb
      if (typeof done === 'function') (done as () => void)()
      return true
    }) as typeof stream.write
  }
  // The dispatcher is loaded here, in the worker (the shell's thread has it handed in).
  const dispatcher = import('../xl/main.js')
  port.on('message', async (m: RunMessage) => {
    let rc: number
    try {
      rc = await execLine(m.argv, root, (await dispatcher).dispatch)
    } catch (e) {
      process.stderr.write(`xl: internal error: ${(e as Error).message}\n`)
      rc = 70
    }
    port.postMessage({type: 'done', id: m.id, rc} satisfies WorkerMessage)
  })
}

/** The shell's side: one command at a time in the worker; interrupt() stops it. */
export class CommandWorker {
  private worker: Worker
  private nextId = 0
  private running: {id: number; resolve(rc: number): void} | null = null
  /** A worker being terminated: what it still sends is dropped. */
  private stopping: Worker | null = null

  constructor(private readonly root: string, private readonly url: URL = new URL(import.meta.url)) {
    this.worker = this.spawn()
  }

  private spawn(): Worker {
    const w = new Worker(this.url, {workerData: {role: ROLE, root: this.root}})
    w.on('message', (m: WorkerMessage) => {
      if (w !== this.worker || w === this.stopping) return
      if (m.type === 'out') (m.fd === 1 ? process.stdout : process.stderr).write(m.text)
      else if (this.running?.id === m.id) this.finish(m.rc)
    })
    w.on('error', e => {
      if (w !== this.worker || w === this.stopping) return
      process.stderr.write(`xl: internal error: ${e.message}\n`)
      this.worker = this.spawn()
      this.finish(70)
    })
    return w
  }

  private finish(rc: number): void {
    const r = this.running
    this.running = null
    r?.resolve(rc)
  }

  run(argv: string[]): Promise<number> {
    const id = ++this.nextId
    return new Promise(resolve => {
      this.running = {id, resolve}
      this.worker.postMessage({id, argv} satisfies RunMessage)
    })
  }

  /**
   * Stop the running command: the worker is terminated (its transaction
   * rolled back when its connection closes) before a new one is started, so
   * the next command never finds the old one's lock.
   */
  async interrupt(): Promise<void> {
    const old = this.worker
    this.stopping = old
    await old.terminate()
    this.worker = this.spawn()
    this.finish(INTERRUPTED_RC)
  }

  close(): Promise<number> {
    return this.worker.terminate()
  }
}
