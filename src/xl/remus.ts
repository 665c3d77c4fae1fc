// main_remus (tools/xl/xl_migrate.c) and libxl_domain_remus_start
// (libxl_domain.c, libxl_remus.c): checkpointed replication of a running
// domain. The option checks are xl's; then libxl refuses unsafe modes
// (-b, -n, -d) without -F, and network buffering, which this libxl is built
// without (libxl_nonetbuffer.c: no libnl3), unless -n turns it off. A
// blackhole replica (-F -n -b) runs as real xl does: a checkpoint every
// interval until the primary domain is destroyed. Replicating to another
// host (a second state file, as xl migrate takes) is not modelled.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {libxlLine} from '../libxl/log.js'
import {atoi} from '../libxl/psr.js'

export default xlCommand({
  name: 'remus',
  canDryrun: false,
  modifies: true,
  summary: 'Enable Remus HA for domain',
  usage: '[options] <Domain> [<host>]',
  options: '-i MS                   Checkpoint domain memory every MS milliseconds (def. 200ms).\n-u                      Disable memory checkpoint compression.\n-s <sshcommand>         Use <sshcommand> instead of ssh.  String will be passed\n                        to sh. If empty, run <host> instead of \n                        ssh <host> xl migrate-receive -r [-e]\n-e                      Do not wait in the background (on <host>) for the death\n                        of the domain.\n-N <netbufscript>       Use netbufscript to setup network buffering instead of the\n                        default script (/etc/xen/scripts/remus-netbuf-setup).\n-F                      Enable unsafe configurations [-b|-n|-d flags]. Use this option\n                        with caution as failover may not work as intended.\n-b                      Replicate memory checkpoints to /dev/null (blackhole).\n                        Works only in unsafe mode.\n-n                      Disable network output buffering. Works only in unsafe mode.\n-d                      Disable disk replication. Works only in unsafe mode.\n-c                      Enable COLO HA. It is conflict with -i and -b, and memory\n                        checkpoint must be disabled.\n-p                      Use COLO userspace proxy.',
  getopt: {short: 'hFbundi:s:N:ecp', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'remus', requiredArgs: 2},
  main(c) {
    const has = (o: string) => c.opts.has(o)
    const colo = has('c')
    let interval = has('i') ? atoi(c.opts.arg('i')!) : 0
    if (has('p') && !colo) {
      // fprintf without a newline, then exit(-1).
      c.io.stderr('Option -p must be used in conjunction with -c')
      return 255
    }
    const dom = c.args[0]!
    const domid = c.readHost(h => findDomain(h, dom).domid)
    if (!colo && !interval) interval = 200
    if (colo) {
      if (interval || has('b') || has('n') || has('d')) {
        c.warn2(['option -c is conflict with -i, -d, -n or -b: Success'])
        return 255
      }
      // COLO with compression off: the stream to a secondary is not modelled either.
    }
    const unsafe = has('F')
    const netbuf = !has('n')
    const failed = (lines: string[]) => {
      c.warn2([...lines, `${colo ? 'COLO' : 'Remus'}: Backup failed? resuming domain at primary.`])
      return 1
    }
    if (!has('b')) {
      c.warn2([`xl: remus: replication to another host is not modelled by xlsim; replicate to /dev/null with -F -n -b`])
      return 1
    }
    if (!unsafe && (has('b') || !netbuf || has('d'))) {
      return failed([libxlLine('error', 'libxl_domain.c:448:libxl_domain_remus_start', domid,
        'Unsafe mode must be enabled to replicate to /dev/null,disable network buffering and disk replication')])
    }
    if (netbuf) return failed([libxlLine('error', 'libxl_remus.c:87:libxl__remus_setup', domid, 'Remus: No support for network buffering')])
    // Point of no return: a checkpoint every interval (ms of real time) until the primary is gone.
    return new Promise<number>(resolve => {
      const timer = setInterval(() => {
        const alive = c.readHost(h => h.domains.has(domid))
        if (alive) return
        clearInterval(timer)
        c.warn2([`${colo ? 'COLO' : 'Remus'}: Primary domain has been destroyed.`])
        resolve(0)
      }, Math.max(1, interval))
    })
  },
})
