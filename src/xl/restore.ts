// main_restore (tools/xl/xl_saverestore.c): [<ConfigFile>] <CheckpointFile>;
// create_domain (xl_vmcontrol.c) reads the save file's header, takes the
// config, restores and unpauses unless -p. -c prints the guest's console
// afterwards; -e -d -F -V -A are accepted and change nothing here (no
// daemon, no VNC viewer).
import {readFileSync} from 'node:fs'
import {xlCommand, longOpts, type Ctx} from './command.js'
import {XlError} from '../libxl/errors.js'
import {strerror} from './config-file.js'
import {readSaveFile} from './savefile.js'
import {readConfigFile} from './config-file.js'
import {parseCreateConfig} from './create-request.js'
import type {OverrideConfig} from './saved-config.js'
import {restoreDomain} from './restore-domain.js'

/** open(restore_file, O_RDONLY), xl's line when it fails; the file is read whole (it is small in the model). */
export function readRestoreFile(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (e) {
    throw new XlError(`Can't open restore file: ${strerror((e as NodeJS.ErrnoException).code)}`)
  }
}

/** create_domain reading the ConfigFile: its own lines, but main_restore exits 1 for every failure. */
function restoreConfig(file: string): OverrideConfig {
  try {
    return {file, parsed: parseCreateConfig(readConfigFile(file), file, [])}
  } catch (e) {
    if (e instanceof XlError) throw new XlError(e.lines, 1)
    throw e
  }
}

export default xlCommand({
  name: 'restore',
  canDryrun: false,
  modifies: true,
  summary: 'Restore a domain from a saved state',
  usage: '[options] [<ConfigFile>] <CheckpointFile>',
  options: '-h                       Print this help.\n-p                       Do not unpause domain after restoring it.\n-e                       Do not wait in the background for the death of the domain.\n-d                       Enable debug messages.\n-V, --vncviewer          Connect to the VNC display after the domain is created.\n-A, --vncviewer-autopass Pass VNC password to viewer via stdin.',
  getopt: {short: 'hFcpdeVA', long: longOpts(['vncviewer', false, 'V'], ['vncviewer-autopass', false, 'A']), helpName: 'restore', requiredArgs: 1},
  main(c: Ctx) {
    if (c.args.length > 2) {
      c.help()
      return 1
    }
    const [configFile, file] = c.args.length === 2 ? c.args : [undefined, c.args[0]]
    const bytes = readRestoreFile(file)
    const say = (lines: readonly string[]) => c.warn2(lines)
    const read = readSaveFile(bytes, file, l => say([l]))
    const override = configFile === undefined ? null : restoreConfig(configFile)
    const console = c.host(h => {
      const d = restoreDomain(h, {read, source: file, override, paused: c.opts.has('p'), say})
      return c.opts.has('c') ? d.guest.console : ''
    })
    c.out(console)
  },
})
