// main_save / save_domain (tools/xl/xl_saverestore.c): the config as JSON
// (libxl_retrieve_domain_configuration, or the ConfigFile given), xl's
// header, then libxl_domain_suspend writes the domain stream. Then the
// domain is destroyed, or with -c resumed (a checkpoint), with -p paused
// and resumed. -D keeps the domain id in the saved config.
import {openSync, writeSync, closeSync} from 'node:fs'
import {xlCommand, longOpts, type Ctx} from './command.js'
import {findDomain, destroy, pause} from '../libxl/domain.js'
import {domainResume, domainSuspend, streamTypeName} from '../libxl/save.js'
import {encodeStream} from '../libxl/stream.js'
import {XlError} from '../libxl/errors.js'
import {encodeHeader, headerInfo} from './savefile.js'
import {savedConfigJson, overrideConfig} from './saved-config.js'

/** open(O_WRONLY|O_CREAT|O_TRUNC) as save_domain does; xl's line when it fails. */
function openForWriting(file: string): number {
  try {
    return openSync(file, 'w', 0o644)
  } catch {
    throw new XlError(`Failed to open temp file ${file} for writing`)
  }
}

export default xlCommand({
  name: 'save',
  canDryrun: false,
  modifies: true,
  summary: 'Save a domain state to restore later',
  usage: '[options] <Domain> <CheckpointFile> [<ConfigFile>]',
  options: '-h  Print this help.\n-c  Leave domain running after creating the snapshot.\n-p  Leave domain paused after creating the snapshot.\n-D  Store the domain id in the configuration.',
  getopt: {short: 'hcpD', long: longOpts(), helpName: 'save', requiredArgs: 2},
  main(c: Ctx) {
    if (c.args.length > 3) {
      c.help()
      return 1
    }
    const [ident, file, configFile] = c.args
    const checkpoint = c.opts.has('c')
    const leavePaused = c.opts.has('p')
    const override = configFile === undefined ? null : overrideConfig(configFile)
    return c.host(h => {
      const d = findDomain(h, ident)
      const json = savedConfigJson(h, d, {preserveDomid: c.opts.has('D'), override})
      const {bytes, header} = encodeHeader(json)
      const fd = openForWriting(file)
      try {
        writeSync(fd, bytes)
        c.warn2([`Saving to ${file} new xl format (info ${headerInfo(header)})`])
        let stream
        try {
          stream = encodeStream(domainSuspend(h, d))
        } catch (e) {
          if (!(e instanceof XlError)) throw e
          c.warn2([...e.lines, 'Failed to save domain, resuming domain'])
          domainResume(h, d)
          return 1
        }
        c.warn2([`xc: info: Saving domain ${d.domid}, type ${streamTypeName(d)}`])
        writeSync(fd, stream)
      } finally {
        closeSync(fd)
      }
      if (leavePaused || checkpoint) {
        if (leavePaused) c.warn2(pause(h, d))
        domainResume(h, d)
      } else {
        destroy(h, d, false)
      }
      return 0
    })
  },
})
