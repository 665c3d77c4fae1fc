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
    `runstate_update_flag ${r.updateFlag ? 'enabled' : 'disabled'}` +
    (r.physArea ? ', area by guest-physical address (XEN_RUNSTATE_UPDATE always, 64-bit atomic writes)' : '') +
    (r.layout === 'compat' ? ', 32-bit compat layout (44 bytes)' : '') + '\n' +
    `${r.updates} guest-copy updates of vcpu 0 in ${(r.simulatedNs / 1e9).toFixed(3)} s of simulated time\n` +
    line('remote', r.remote) + line('local', r.local) +
    (d.guest.runstateRemote && !r.updateFlag && !r.physArea ? flagLostNote(d) : '') +
    (r.remote.reads < r.requestedReads
      ? `only ${r.remote.reads} of the ${r.requestedReads} remote reads asked for: one read races each update, and the window ended after ${r.updates}\n`
      : '')
}

/**
 * The guest decided at boot that remote reads are safe (vm_assist returned
 * 0) but its domain no longer has the flag: an HVM/PVH guest restored or
 * migrated (its stream carries no vm_assist) keeps runqueue steal on.
 */
function flagLostNote(d: Domain): string {
  return `note: ${d.name}'s kernel enabled runstate_update_flag at boot and still reads other vCPUs' runstate ` +
    `(runqueue steal time ${d.guest.stealRqEnabled ? 'on' : 'off'}), but the domain's vm_assist no longer has it, so Xen writes ` +
    'the area without the flag and remote reads can tear. A restored or migrated HVM/PVH domain starts with vm_assist 0 ' +
    '(tools/libs/guest/xg_sr_restore_x86_hvm.c sets only the HVM context; no save record carries vm_assist) and ' +
    'xen_time_setup_guest() (drivers/xen/time.c) runs at boot only. This follows from the sources; it is not a documented bug.\n'
}
