// main_migrate / migrate_domain and the receiver's migrate_receive
// (tools/xl/xl_migrate.c), with xl's messages in their order.
//
// With -s, as xl does: the rune (src/xl/migrate-rune.ts) runs through
// /bin/sh with this xlsim first on its PATH as `xl`, and the two ends talk
// xl's protocol over its stdin and stdout (src/xl/migrate-send.ts): `-s ''`
// with <host> "xl --state /tmp/b.db migrate-receive", or an ssh-like
// command that runs its other arguments here.
//
// Without -s (xl's default, ssh), <host> is another simulated host: the
// path of its state file (booted like any host if new), a bare name naming
// the file beside this host's own, and one process plays both ends, one
// step per transaction on each file, with the records of
// src/libxl/migrate.ts so that a process killed at any moment leaves the
// domain on exactly one host once the next command runs on either
// (src/xl/migrate-recovery.ts). -e, -F and --live change nothing here;
// --debug neither.
import {randomUUID} from 'node:crypto'
import {dirname, join} from 'node:path'
import {xlCommand, longOpts, type Ctx} from './command.js'
import {resolveStatePath, withHost} from '../cli/session.js'
import {findDomain} from '../libxl/domain.js'
import {domainResume, domainSuspend, streamTypeName} from '../libxl/save.js'
import {encodeStream} from '../libxl/stream.js'
import {XlError} from '../libxl/errors.js'
import {libxlLine} from '../libxl/log.js'
import {libxlArch} from '../libxl/arch.js'
import {
  receiverAbort, receiverBegin, receiverStart, senderAbort, senderBegin, senderDone, senderGo, type Owner,
} from '../libxl/migrate.js'
import {encodeHeader, headerInfo, readSaveFile} from './savefile.js'
import {overrideConfig, savedConfigJson} from './saved-config.js'
import {restoreDomain} from './restore-domain.js'
import {currentOwner} from './migrate-owner.js'
import {INCOMING, stopAfter} from './migrate-messages.js'
import {migrationRune} from './migrate-rune.js'
import {migrateOverPipe} from './migrate-send.js'

interface Plan {
  id: string
  owner: Owner
  source: string
  target: string
  pauseAfter: boolean
}

/** The receiver's side up to "requesting permission": B. */
function receive(c: Ctx, plan: Plan, stream: Buffer, name: string): void {
  withHost({state: plan.target, warn: l => c.warn2([l])}, h => {
    const say = (lines: readonly string[]) => c.warn2(lines)
    const read = readSaveFile(stream, INCOMING, l => say([l]))
    // The copy will take the domain's own name at "go" (libxl_domain_rename):
    // refuse now, while the sender can still resume, rather than after.
    for (const other of h.domains.values()) {
      if (other.name === name) {
        throw new XlError(libxlLine('error', 'libxl_domain.c:81:libxl__domain_rename', null, `Domain with name "${name}" already exists.`))
      }
    }
    const d = restoreDomain(h, {read, source: INCOMING, override: null, paused: true, nameSuffix: '--incoming', say})
    receiverBegin(h, d, {id: plan.id, source: plan.source, owner: plan.owner, pauseAfter: plan.pauseAfter, name})
  })
}

/** <host>: a path, or a bare name (no '/') for the file of that name beside this host's own. */
function targetPath(host: string, source: string): string {
  return resolveStatePath(host.includes('/') ? host : join(dirname(source), host))
}

export default xlCommand({
  name: 'migrate',
  canDryrun: false,
  modifies: true,
  summary: 'Migrate a domain to another host',
  usage: '[options] <Domain> <host>',
  options: '-h              Print this help.\n-C <config>     Send <config> instead of config file from creation.\n-s <sshcommand> Use <sshcommand> instead of ssh.  String will be passed\n                to sh. If empty, run <host> instead of ssh <host> xl\n                migrate-receive [-d -e]\n-e              Do not wait in the background (on <host>) for the death\n                of the domain.\n--debug         Print huge (!) amount of debug during the migration process.\n-p              Do not unpause domain after migrating it.\n-D              Preserve the domain id',
  getopt: {short: 'hFC:s:epD', long: longOpts(['debug', false, null], ['live', false, null]), helpName: 'migrate', requiredArgs: 2},
  async main(c: Ctx) {
    const [ident, host] = c.args
    const configFile = c.opts.arg('C')
    const override = configFile === undefined ? null : overrideConfig(configFile)
    const source = resolveStatePath(c.state)
    const sshCommand = c.opts.arg('s')
    if (sshCommand !== undefined) {
      const domid = c.readHost(h => findDomain(h, ident).domid)
      const rune = migrationRune({
        sshCommand, host, passTty: c.globals.tty || process.stderr.isTTY === true, timestamps: c.globals.timestamps,
        verbose: c.globals.verbose, daemonize: !c.opts.has('F') && !c.opts.has('e'), debug: c.opts.has('debug'),
        pauseAfter: c.opts.has('p'),
      })
      return migrateOverPipe(c, {id: randomUUID(), owner: currentOwner(), source, rune, domid, preserveDomid: c.opts.has('D'), override})
    }
    const plan: Plan = {
      id: randomUUID(), owner: currentOwner(), source, target: targetPath(host, source),
      pauseAfter: c.opts.has('p'),
    }
    // The receiver is xl on the other host: an Arm xl has no migrate-receive
    // (LIBXL_HAVE_NO_SUSPEND_RESUME), so the sender reads no banner.
    // A new target file boots like any host (the default one is Arm).
    const targetArch = withHost({state: plan.target, warn: l => c.warn2([l])}, h => h.config.arch)
    if (!libxlArch(targetArch).features.suspendResume) {
      c.warn2(['command not implemented',
        libxlLine('error', 'libxl_utils.c:505:libxl_read_exactly', null, 'file/stream truncated reading banner from migration receiver stream')])
      return 1
    }
    c.warn2(['migration target: Ready to receive domain.'])
    // A: suspend and write the stream; the domain stays here, suspended, with the record.
    const sent = c.host(h => {
      const d = findDomain(h, ident)
      const {bytes, header} = encodeHeader(savedConfigJson(h, d, {preserveDomid: c.opts.has('D'), override}))
      c.warn2([`Saving to migration stream new xl format (info ${headerInfo(header)})`])
      try {
        const stream = encodeStream(domainSuspend(h, d))
        c.warn2([`xc: info: Saving domain ${d.domid}, type ${streamTypeName(d)}`])
        senderBegin(h, d, {id: plan.id, target: plan.target, owner: plan.owner, phase: 'sending', name: d.name})
        return {bytes: Buffer.concat([bytes, stream]), name: d.name}
      } catch (e) {
        if (!(e instanceof XlError)) throw e
        c.warn2([...e.lines, 'migration sender: libxl_domain_suspend failed (rc=-3)', 'Migration failed, resuming at sender.'])
        domainResume(h, d)
        return null
      }
    })
    if (!sent) return 1
    stopAfter('suspend')
    try {
      receive(c, plan, sent.bytes, sent.name)
    } catch (e) {
      if (!(e instanceof XlError)) throw e
      // migrate_receive: create_domain failed; the sender then reads no "ready" message.
      c.warn2([...e.lines, 'migration target: Domain creation failed (code -3).',
        libxlLine('error', 'libxl_utils.c:505:libxl_read_exactly', null, 'file/stream truncated reading ready message from migration receiver stream'),
        'Migration failed, resuming at sender.'])
      c.host(h => void senderAbort(h, plan.id))
      return 1
    }
    stopAfter('receive')
    c.warn2(['migration target: Transfer complete, requesting permission to start domain.',
      'migration sender: Target has acknowledged transfer.'])
    // C: the point of no return.
    if (!c.host(h => senderGo(h, plan.id))) {
      withHost({state: plan.target}, h => void receiverAbort(h, plan.id))
      c.warn2(['Migration failed, resuming at sender.'])
      return 1
    }
    stopAfter('go')
    c.warn2(['migration sender: Giving target permission to start.', 'migration target: Got permission, starting domain.'])
    // D, then E.
    withHost({state: plan.target}, h => void receiverStart(h, plan.id))
    stopAfter('start')
    c.warn2(['migration target: Domain started successsfully.', 'migration sender: Target reports successful startup.'])
    c.host(h => senderDone(h, plan.id))
    c.warn2(['Migration successful.'])
  },
})
