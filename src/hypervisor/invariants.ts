// What must hold of a host after every command (`xl host check`). Each
// broken rule is one line naming the domain/vCPU and what is wrong; the
// scheduler's own rules (queues, affinity, who will run) are in sched/check.ts.
import type {Host} from './host.js'
import {usedMemKiB} from './host.js'
import {cpuSetHas} from './domain.js'
import {archOps} from './arch/index.js'
import {formatMask} from './vm-assist.js'
import {CONRING_SIZE} from './console.js'
import {RUNSTATE_running} from './types.js'
import {nowNs} from './time.js'
import {runstateTimeNs} from './runstate.js'
import {checkScheduler} from './sched/index.js'

export function checkInvariants(host: Host): string[] {
  const problems: string[] = []
  const bad = (msg: string) => problems.push(msg)
  const arch = archOps(host.config.arch)
  if (!host.domains.has(0)) bad('no control domain (domain 0)')
  if (host.console.text.length > CONRING_SIZE) bad(`console ring holds ${host.console.text.length} bytes (> ${CONRING_SIZE})`)
  if (usedMemKiB(host) > host.config.memoryMiB * 1024) bad(`domains hold ${usedMemKiB(host)} KiB, more than the host's ${host.config.memoryMiB * 1024}`)
  const names = new Set<string>()
  const runningOn = new Map<number, string>()
  for (const [domid, d] of host.domains) {
    const who = `d${domid}`
    if (d.domid !== domid) bad(`${who}: stored under id ${domid} but says ${d.domid}`)
    if (domid !== 0 && domid >= host.nextDomid) bad(`${who}: id not below next id ${host.nextDomid} (ids are never reused)`)
    if (names.has(d.name)) bad(`${who}: name '${d.name}' used twice`)
    names.add(d.name)
    const valid = arch.vmAssistValidMask(host.config.xen, d.type, d.guestBits) ?? 0n
    if ((d.vmAssist & ~valid) !== 0n) bad(`${who}: vm_assist=${formatMask(d.vmAssist)} has bits outside the valid mask ${formatMask(valid)}`)
    for (const v of d.vcpus) {
      const vw = `${who}v${v.vcpuId}`
      const rs = v.runstate
      if (rs.entryTime > host.now) bad(`${vw}: state entered in the future (${rs.entryTime} > ${host.now})`)
      const sum = [0, 1, 2, 3].reduce((a, i) => a + runstateTimeNs(rs, i), BigInt(host.now - rs.entryTime))
      const elapsed = nowNs(host) - d.createdAt
      if (sum !== elapsed) bad(`${vw}: runstate times sum to ${sum} ns, elapsed is ${elapsed} ns`)
      if (rs.time.some(t => t < 0 || !Number.isSafeInteger(t))) bad(`${vw}: runstate time out of range ${rs.time.join(',')}`)
      if (v.processor < 0 || v.processor >= host.config.cpus) bad(`${vw}: processor ${v.processor} does not exist`)
      if (rs.state === RUNSTATE_running) {
        const other = runningOn.get(v.processor)
        if (other) bad(`${vw}: running on CPU${v.processor}, where ${other} runs too`)
        runningOn.set(v.processor, vw)
        if (!cpuSetHas(v.hardAffinity, v.processor)) bad(`${vw}: running on CPU${v.processor}, outside its hard affinity`)
        if (!v.online || d.pauseCount > 0 || d.shutdown !== null) bad(`${vw}: running although it cannot run`)
      }
    }
  }
  if (host.domains.size > 0) problems.push(...checkScheduler(host))
  return problems
}
