// What an in-process command wrote. Commands print with process.stdout.write
// and process.stderr.write (src/xl/main.ts processIo; oclif's logger for xlsim's commands), so while one
// runs both are wrapped: the text still goes out, and a copy is kept for
// `expect` lines.
export interface Captured {
  stdout: string
  stderr: string
}

type Write = typeof process.stdout.write

export async function tee<T>(fn: () => Promise<T>): Promise<{result: T; out: Captured}> {
  const out: Captured = {stdout: '', stderr: ''}
  const restoreOut = wrap(process.stdout, t => (out.stdout += t))
  const restoreErr = wrap(process.stderr, t => (out.stderr += t))
  try {
    return {result: await fn(), out}
  } finally {
    restoreErr()
    restoreOut()
  }
}

function wrap(stream: NodeJS.WriteStream, keep: (text: string) => void): () => void {
  const original = stream.write
  const wrapped = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    keep(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'))
    return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest)
  }
  stream.write = wrapped as Write
  return () => {
    stream.write = original
  }
}
