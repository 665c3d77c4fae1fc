// Another process holding a host's write lock (BEGIN IMMEDIATE) for a
// while, as a long xl command would, for the tests of riding through it.
import {spawn} from 'node:child_process'
import {join} from 'node:path'
import {ROOT} from './cli.js'

const SCRIPT = `
const Database = require(${JSON.stringify(join(ROOT, 'node_modules', 'better-sqlite3'))})
const db = new Database(process.argv[1], {timeout: 10000})
db.exec('BEGIN IMMEDIATE')
process.stdout.write('locked\\n')
setTimeout(() => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n') }, Number(process.argv[2]))
`

/** Resolves once the lock is held; `released` resolves when the holder has let go and exited. */
export function holdWriteLock(state: string, ms: number): Promise<{released: Promise<void>}> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', SCRIPT, state, String(ms)], {stdio: ['ignore', 'pipe', 'inherit']})
    const released = new Promise<void>(r => p.on('close', () => r()))
    p.on('error', reject)
    p.stdout.setEncoding('utf8')
    p.stdout.on('data', (d: string) => {
      if (d.includes('locked')) resolve({released})
    })
  })
}
