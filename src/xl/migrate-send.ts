// migrate_domain (tools/xl/xl_migrate.c) over a transport: `xl migrate -s`
// runs the rune, reads the receiver's banner, sends xl's header and the
// domain stream (the bytes `xl save` writes to a file), and then follows
// the handshake: "ready" from the receiver, our "go", its report and status
// byte, with xl's messages and failure paths. The sender's record
// (src/libxl/migrate.ts) moves as in the direct path: A when suspended, C
// (the decision) before "go", E once the receiver reports its copy running.
// The receiver names its host in our record before "ready"
// (src/xl/migrate-receive.ts), so a crash of either process is resolved
// from either host as for the direct path.
import type {Ctx} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {domainResume, domainSuspend, streamTypeName} from '../libxl/save.js'
import {encodeStream} from '../libxl/stream.js'
import {XlError} from '../libxl/errors.js'
import {libxlLine} from '../libxl/log.js'
import {senderAbort, senderBegin, senderDone, senderGo, senderTakeBack, type Owner} from '../libxl/migrate.js'
import {encodeHeader, headerInfo} from './savefile.js'
import {savedConfigJson, type OverrideConfig} from './saved-config.js'
import {MigrationChild, readFixedMessage, strerrorOf} from './migrate-transport.js'
import {errnoNumber} from './migrate-fd.js'
import {BANNER, ENV_ID, ENV_SOURCE, GO, READY, REPORT, stopAfter} from './migrate-messages.js'

export interface PipePlan {
  id: string
  owner: Owner
  /** This host's state file. */
  source: string
  rune: string
  domid: number
  preserveDomid: boolean
  override: OverrideConfig | null
}

const FAILED_BADLY = [
  '** Migration failed during final handshake **',
  'Domain state is now undefined !',
  'Please CHECK AT BOTH ENDS for running instances, before renaming and',
  ' resuming at most one instance.  Two simultaneous instances of the domain',
  ' would probably result in SEVERE DATA LOSS and it is now your',
  ' responsibility to avoid that.  Sorry.',
]

export async function migrateOverPipe(c: Ctx, plan: PipePlan): Promise<number> {
  const warn = (lines: readonly string[]) => c.warn2(lines)
  // save_domain_core_begin: the config, before the transport starts.
  const configJson = c.readHost(h => savedConfigJson(h, findDomain(h, String(plan.domid)), {preserveDomid: plan.preserveDomid, override: plan.override}))
  const child = new MigrationChild(plan.rune, c.root, {[ENV_SOURCE]: plan.source, [ENV_ID]: plan.id})
  try {
    return await handshake(c, plan, child, configJson, warn)
  } finally {
    child.dispose()
  }
}

async function handshake(c: Ctx, plan: PipePlan, child: MigrationChild, configJson: string,
  warn: (lines: readonly string[]) => void): Promise<number> {
  // failed_resume: the receiver gets end of file, is waited for, and the domain runs on here.
  const failedResume = async (): Promise<number> => {
    child.closeSend()
    await child.report(warn)
    warn(['Migration failed, resuming at sender.'])
    c.host(h => void senderAbort(h, plan.id))
    return 1
  }
  const failedBadly = async (): Promise<number> => {
    warn(FAILED_BADLY)
    child.closeSend()
    await child.report(warn)
    return 1
  }
  // migrate_do_preamble: the banner, then xl's header.
  if (!await readFixedMessage(child, BANNER, 'banner', warn)) {
    child.closeSend()
    await child.report(warn)
    return 1
  }
  const {bytes: header, header: info} = encodeHeader(configJson)
  warn([`Saving to migration stream new xl format (info ${headerInfo(info)})`])
  // libxl_domain_suspend, and A: the domain stays here, suspended, with the record.
  const stream = c.host(h => {
    const d = findDomain(h, String(plan.domid))
    try {
      const bytes = encodeStream(domainSuspend(h, d))
      warn([`xc: info: Saving domain ${d.domid}, type ${streamTypeName(d)}`])
      senderBegin(h, d, {id: plan.id, target: null, owner: plan.owner, phase: 'sending', name: d.name})
      return bytes
    } catch (e) {
      if (!(e instanceof XlError)) throw e
      warn([...e.lines, 'migration sender: libxl_domain_suspend failed (rc=-3)'])
      domainResume(h, d)
      return null
    }
  })
  if (!stream) {
    await child.write(header)
    return failedResume()
  }
  stopAfter('suspend')
  const all = Buffer.concat([header, stream])
  if (process.env.XLSIM_MIGRATE_KILL_AFTER === 'sender-stream') {
    await child.write(all.subarray(0, all.length >> 1))
    stopAfter('sender-stream')
  }
  const err = await child.write(all)
  if (err) {
    warn([`xc: error: Failed to write page data to stream (${errnoNumber(err.code)} = ${strerrorOf(err)}): Internal error`,
      libxlLine('error', 'libxl_stream_write.c:347:libxl__xc_domain_save_done', plan.domid, `saving domain: domain responded to suspend request: ${strerrorOf(err)}`),
      'migration sender: libxl_domain_suspend failed (rc=-3)'])
    return failedResume()
  }
  if (!await readFixedMessage(child, READY, 'ready message', warn)) return failedResume()
  warn(['migration sender: Target has acknowledged transfer.'])
  // C: renamed to <name>--migratedaway, the point of no return.
  if (!c.host(h => senderGo(h, plan.id))) return failedResume()
  stopAfter('go')
  warn(['migration sender: Giving target permission to start.'])
  const goErr = await child.write(Buffer.from(GO, 'latin1'))
  if (goErr) {
    warn([libxlLine('error', 'libxl_utils.c:506:libxl_write_exactly', null, `failed to write GO message from migration stream: ${strerrorOf(goErr)}`)])
    return failedBadly()
  }
  if (!await readFixedMessage(child, REPORT, 'success/failure report message', warn)) return failedBadly()
  const status = await child.readExactly(1)
  if (!status) {
    warn([libxlLine('error', 'libxl_utils.c:505:libxl_read_exactly', null, 'file/stream truncated reading success/failure status from migration ack stream')])
    return failedBadly()
  }
  if (status[0] !== 0) {
    // rc_buf is a char: the receiver's -rc, printed signed.
    warn([`migration sender: Target reports startup failure (status code ${status.readInt8(0)}).`])
    if (!await readFixedMessage(child, GO, 'permission for sender to resume', warn)) return failedBadly()
    warn(['migration sender: Trying to resume at our end.'])
    if (c.host(h => senderTakeBack(h, plan.id))) warn(['migration sender: Resumed OK.'])
    warn(['Migration failed due to problems at target.'])
    return 1
  }
  warn(['migration sender: Target reports successful startup.'])
  // E: "bang!"
  c.host(h => senderDone(h, plan.id))
  warn(['Migration successful.'])
  return 0
}
