// main_migrate_receive / migrate_receive (tools/xl/xl_migrate.c): xl's
// receiving end, reading the sender on stdin and answering on stdout with
// xl's fixed messages (src/xl/migrate-messages.ts). It sends the banner,
// reads xl's header and the whole domain stream, and only then makes the
// domain (paused, <name>--incoming) with its record (step B of
// src/libxl/migrate.ts), says "ready", waits for "go", then starts the
// domain under its name (D) and reports; on a failure it reports it,
// destroys its copy and gives the sender its domain back.
//
// Started by `xl migrate -s` the environment names the source host and
// the migration (ENV_SOURCE, ENV_ID): the receiver writes its own host's
// file into the sender's record before "ready", and if the sender vanishes
// before "go" reaches it, the sender's record decides, as recovery would.
// Run by hand (a save file piped in, then the GO message) it works as xl's.
import {randomUUID} from 'node:crypto'
import {xlCommand, longOpts, type Ctx} from './command.js'
import {XlError} from '../libxl/errors.js'
import {libxlLine} from '../libxl/log.js'
import {peekHost, resolveStatePath, withHost} from '../cli/session.js'
import {receiverAbort, receiverBegin, receiverStart, senderSetTarget} from '../libxl/migrate.js'
import {HEADER_SIZE, readSaveFile, type ReadSaveFile} from './savefile.js'
import {STREAM_HEADER_LEN} from '../libxl/stream.js'
import {restoreDomain} from './restore-domain.js'
import {currentOwner} from './migrate-owner.js'
import {finish, sourceDecision} from './migrate-recovery.js'
import {readExactly, writeExactly} from './migrate-fd.js'
import {BANNER, ENV_ID, ENV_SOURCE, GO, INCOMING, READY, REPORT, stopAfter} from './migrate-messages.js'

const STDIN = 0
const STDOUT = 1
const SUFFIX = '--incoming'

/** xl's header, its optional data and the domain stream, read as far as their lengths say (short at end of file). */
function readIncoming(): Buffer {
  const parts: Buffer[] = []
  const take = (n: number): Buffer => {
    const b = readExactly(STDIN, n)
    parts.push(b)
    return b
  }
  const header = take(HEADER_SIZE)
  if (header.length < HEADER_SIZE) return Buffer.concat(parts)
  if (take(header.readUInt32LE(44)).length < header.readUInt32LE(44)) return Buffer.concat(parts)
  const head = take(STREAM_HEADER_LEN)
  if (head.length < STREAM_HEADER_LEN) return Buffer.concat(parts)
  const len = head.readUInt32LE(20)
  if (process.env.XLSIM_MIGRATE_KILL_AFTER === 'receiver-stream') {
    take(len >> 1)
    stopAfter('receiver-stream')
  }
  take(len - (process.env.XLSIM_MIGRATE_KILL_AFTER === 'receiver-stream' ? len >> 1 : 0))
  return Buffer.concat(parts)
}

/** The sender that started us, if it said (xlsim's `xl migrate -s`). */
function senderLink(): {source: string; id: string} | null {
  const source = process.env[ENV_SOURCE]
  const id = process.env[ENV_ID]
  return source && id ? {source, id} : null
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
    const warn = (lines: readonly string[]) => c.warn2(lines)
    /** libxl_write_exactly on the ack stream; false (and its line) when the sender is gone. */
    const send = (msg: string, what: string): boolean => {
      const err = writeExactly(STDOUT, Buffer.from(msg, 'latin1'))
      if (err) warn([libxlLine('error', 'libxl_utils.c:506:libxl_write_exactly', null, `failed to write ${what} from migration ack stream: ${err}`)])
      return err === null
    }
    warn(['migration target: Ready to receive domain.'])
    if (!send(BANNER, 'banner')) {
      warn(['xl: fatal error: xl_migrate.c:340: Broken pipe: libxl_write_exactly( ctx, send_fd, migrate_receiver_banner, sizeof(migrate_receiver_banner)-1, "migration ack stream", "banner")'])
      return 1
    }
    const incoming = readIncoming()
    let read: ReadSaveFile
    try {
      read = readSaveFile(incoming, INCOMING, l => warn([l]))
    } catch (e) {
      if (!(e instanceof XlError)) throw e
      // A short header is CHK_ERRNOVAL's fatal exit; a bad one is create_domain's ERROR_INVAL.
      const fatal = e.lines.some(l => l.startsWith('xl: fatal error:'))
      warn(fatal ? e.lines : [...e.lines, 'migration target: Domain creation failed (code -6).'])
      return 1
    }
    const link = senderLink()
    const id = link?.id ?? randomUUID()
    const target = resolveStatePath(c.state)
    let name: string
    try {
      name = c.host(h => {
        const d = restoreDomain(h, {read, source: INCOMING, override: null, paused: true, nameSuffix: SUFFIX, say: warn})
        const own = d.name.slice(0, -SUFFIX.length)
        receiverBegin(h, d, {id, source: link?.source ?? null, owner: currentOwner(), pauseAfter: c.opts.has('p'), name: own})
        return own
      })
    } catch (e) {
      if (!(e instanceof XlError)) throw e
      warn([...e.lines, 'migration target: Domain creation failed (code -3).'])
      return 1
    }
    if (link) nameTarget(link, target)
    stopAfter('receive')
    warn(['migration target: Transfer complete, requesting permission to start domain.'])
    if (!send(READY, 'ready message')) return 1
    let rc = readGo(warn)
    if (rc && link && sourceDecision(link.source, link.id) === 'go') {
      // The sender decided and is gone before its "go" arrived: its record says the domain is ours.
      finish(link.source, target, link.id)
      warn([`xl: migration of ${name} from ${link.source} was interrupted after this host had permission to start it: finished (the domain runs here)`])
      return 0
    }
    if (!rc) {
      warn(['migration target: Got permission, starting domain.'])
      try {
        // No record left: a recovery on the source already started it.
        c.host(h => void receiverStart(h, id))
        stopAfter('start')
        warn(['migration target: Domain started successsfully.'])
      } catch (e) {
        if (!(e instanceof XlError)) throw e
        warn(e.lines)
        // libxl_domain_rename's ERROR_INVAL for a name in use, else ERROR_FAIL
        rc = e.lines.some(l => l.endsWith('already exists.')) ? -6 : -3
      }
    }
    // perhaps_destroy_notify_rc: the report and the status byte (-rc, a char).
    if (!send(REPORT, 'success/failure report')) return 1
    if (!send(String.fromCharCode(-rc & 0xff), 'success/failure code')) return 1
    if (rc) {
      warn(['migration target: Failure, destroying our copy.'])
      c.host(h => void receiverAbort(h, id))
      warn(['migration target: Cleanup OK, granting sender permission to resume.'])
      if (!send(GO, 'permission to sender to have domain back')) return 1
    }
    return 0
  },
})

/** migrate_read_fixedmessage(recv_fd, GO, "GO message", rune=0): 0, or 1 with xl's line. */
function readGo(warn: (lines: readonly string[]) => void): number {
  const want = Buffer.from(GO, 'latin1')
  const got = readExactly(STDIN, want.length)
  if (got.length < want.length) {
    warn([libxlLine('error', 'libxl_utils.c:505:libxl_read_exactly', null, 'file/stream truncated reading GO message from migration stream')])
    return 1
  }
  if (!got.equals(want)) {
    warn(['migration stream contained unexpected data instead of GO message'])
    return 1
  }
  return 0
}

/** The sender's record learns which host has the incoming copy (its file may be gone: then nothing to tell). */
function nameTarget(link: {source: string; id: string}, target: string): void {
  try {
    if (peekHost({state: link.source}, () => true)) withHost({state: link.source}, h => void senderSetTarget(h, link.id, target))
  } catch {
    // An unreadable source: recovery from this host finds out the same way.
  }
}
