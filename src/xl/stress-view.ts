// `xl runstate stress` output.
import type {StressCount, StressResult} from '../guest/runstate-stress.js'
import type {Domain} from '../hypervisor/domain.js'

function line(kind: string, c: StressCount): string {
  const who = kind === 'remote' ? `vcpu ${c.reader} reading vcpu ${c.target}` : `vcpu ${c.target} reading itself`
  return `${`${kind} reads (${who}):`.padEnd(40)} ${String(c.reads).padStart(8)} reads ${String(c.retries).padStart(8)} retries ${String(c.torn).padStart(8)} torn\n` +
    (c.firstTorn ? `  first torn snapshot: ${c.firstTorn}\n` : '')
}

export function formatStress(d: Domain, r: StressResult, arch: string, xen: string): string {
  return `Domain ${d.name} (id ${d.domid}): ${d.guest.kernel} on Xen ${xen} ${arch}, reader ${r.readerAlgorithm}, ` +
    `runstate_update_flag ${r.updateFlag ? 'enabled' : 'disabled'}\n` +
    `${r.updates} guest-copy updates of vcpu 0 in ${(r.simulatedNs / 1e9).toFixed(3)} s of simulated time\n` +
    line('remote', r.remote) + line('local', r.local) +
    (r.remote.reads < r.requestedReads
      ? `only ${r.remote.reads} of the ${r.requestedReads} remote reads asked for: one read races each update, and the window ended after ${r.updates}\n`
      : '')
}
