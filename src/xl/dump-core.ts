// main_dump_core (tools/xl/xl_misc.c): libxl_domain_core_dump ->
// xc_domain_dumpcore writes the domain's ELF core file (src/libxl/dumpcore.ts).
// A file that cannot be created: libxenguest's PERROR, libxl's error, then
// "core dump failed (rc=-3)" and exit 1.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {coreArch, coreLayout, CoreWriteError, writeCore} from '../libxl/dumpcore.js'
import {libxlLine} from '../libxl/log.js'
import {infoFields} from './lifecycle-view.js'
import {strerror} from './config-file.js'

export default xlCommand({
  name: 'dump-core',
  canDryrun: false,
  modifies: true,
  summary: 'Core dump a domain',
  usage: '<Domain> <filename>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'dump-core', requiredArgs: 2},
  main(c) {
    const [dom, file] = c.args as [string, string]
    const {domid, layout} = c.readHost(h => {
      const d = findDomain(h, dom)
      const i = infoFields(h)
      return {domid: d.domid, layout: coreLayout(d, coreArch(h.config.arch, d.type), {
        major: i.xen_major, minor: i.xen_minor, extra: i.xen_extra, compiler: i.cc_compiler, compileBy: i.cc_compile_by,
        compileDomain: i.cc_compile_domain, compileDate: i.cc_compile_date, capabilities: i.xen_caps,
        changeset: i.xen_changeset, virtStart: BigInt(i.virt_start),
      })}
    })
    try {
      writeCore(file, layout)
    } catch (e) {
      if (!(e instanceof CoreWriteError)) throw e
      const errno = -(e.cause.errno ?? -5)
      const why = strerror(e.cause.code)
      c.warn2([
        e.stage === 'open'
          ? `xc: error: Could not open corefile ${file} (${errno} = ${why}): Internal error`
          : `xc: error: Failed to write buffer (${errno} = ${why}): Internal error`,
        libxlLine('error', 'libxl_domain.c:603:libxl_domain_core_dump', domid, `Core dumping domain to ${file}: ${why}`),
        'core dump failed (rc=-3)',
      ])
      return 1
    }
  },
})
