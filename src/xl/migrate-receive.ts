// main_migrate_receive / migrate_receive (tools/xl/xl_migrate.c): xl's
// internal end of a migration, reading the sender on stdin and answering on
// stdout with xl's fixed messages (xl.h: the banner, "domain received,
// ready to unpause", the report and its status byte). Standalone (`xl
// migrate` plays both ends itself) it takes a stream piped in: xl's header
// and the domain stream (a save file is one), then the sender's GO message.
// The domain is made as <name>--incoming, paused, and started under its
// name once GO arrives; all in one transaction on this host.
import {readFileSync} from 'node:fs'
import {xlCommand, longOpts, type Ctx} from './command.js'
import {XlError} from '../libxl/errors.js'
import {libxlLine} from '../libxl/log.js'
import {destroy, rename, unpause} from '../libxl/domain.js'
import {HEADER_SIZE, readSaveFile} from './savefile.js'
import {restoreDomain} from './restore-domain.js'

const BANNER = 'xl migration receiver ready, send binary domain data.\n'
const READY = 'domain received, ready to unpause\0'
const GO = 'domain is yours, you are cleared to unpause\0'
const REPORT = 'my copy unpause results are as follows\0'
const INCOMING = '<incoming migration stream>'
/** xlsim's stream header: ident (16), version, length, sha256 (src/libxl/stream.ts). */
const STREAM_HEADER = 16 + 4 + 4 + 32

/** Where the xl header, its optional data and the domain stream end (the rest is the sender's next message). */
function streamEnd(bytes: Buffer): number {
  if (bytes.length < HEADER_SIZE) return bytes.length
  const opt = HEADER_SIZE + bytes.readUInt32LE(44)
  if (bytes.length < opt + STREAM_HEADER) return bytes.length
  return Math.min(bytes.length, opt + STREAM_HEADER + bytes.readUInt32LE(opt + 20))
}

export default xlCommand({
  name: 'migrate-receive',
  canDryrun: false,
  modifies: true,
  summary: 'Restore a domain from a saved state',
  usage: '- for internal use only',
  options: null,
  getopt: {short: 'hFedrp', long: longOpts(['colo', false, null], ['coloft-script', true, null], ['userspace-colo-proxy', false, null]), helpName: 'migrate-receive', requiredArgs: 0},
  main(c: Ctx) {
    if (c.args.length !== 0) {
      c.help()
      return 1
    }
    c.warn2(['migration target: Ready to receive domain.'])
    reply(BANNER)
    let input: Buffer
    try {
      input = readFileSync(0)
    } catch {
      input = Buffer.alloc(0)
    }
    const end = streamEnd(input)
    const say = (lines: readonly string[]) => c.warn2(lines)
    let answer = ''
    try {
      c.host(h => {
        const read = readSaveFile(input.subarray(0, end), INCOMING, l => say([l]))
        const name = read.configJson === null ? '' : (JSON.parse(read.configJson) as {c_info?: {name?: string}}).c_info?.name ?? ''
        const d = restoreDomain(h, {read, source: INCOMING, override: null, paused: true, nameSuffix: '--incoming', say})
        say(['migration target: Transfer complete, requesting permission to start domain.'])
        answer += READY
        if (input.subarray(end).toString('latin1') !== GO) {
          say([libxlLine('error', 'libxl_utils.c:505:libxl_read_exactly', null, `file/stream truncated reading GO message from migration stream`)])
          answer += `${REPORT}\xff`
          say(['migration target: Failure, destroying our copy.'])
          destroy(h, d, false)
          say(['migration target: Cleanup OK, granting sender permission to resume.'])
          answer += GO
          return
        }
        say(['migration target: Got permission, starting domain.'])
        rename(h, d, name)
        if (!c.opts.has('p')) unpause(h, d)
        say(['migration target: Domain started successsfully.'])
        answer += `${REPORT}\x00`
      })
    } catch (e) {
      if (!(e instanceof XlError)) throw e
      reply(answer)
      throw new XlError([...e.lines, 'migration target: Domain creation failed (code -3).'])
    }
    reply(answer)
  },
})

/** The answers are bytes (the status byte may be 0xff): written as such, not as UTF-8 text. */
function reply(answer: string): void {
  process.stdout.write(Buffer.from(answer, 'latin1'))
}
