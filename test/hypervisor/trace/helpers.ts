// The host the trace tests record: three guests that contend for the pCPUs
// (a busy one, a duty-cycled one, an I/O one), 100 ms in.
import {addGuest, testHost, MS} from '../sched/helpers.js'
import {advanceTo} from '../../../src/hypervisor/sched/index.js'
import type {Host} from '../../../src/hypervisor/host.js'
import type {SchedulerName} from '../../../src/hypervisor/types.js'

export function contended(sched: SchedulerName = 'credit2', cpus = 2): Host {
  const host = testHost(cpus, sched, {arch: 'x86_64'})
  addGuest(host, 'busy', {vcpus: 2, workload: 'cpu'})
  addGuest(host, 'web', {vcpus: 2, workload: 'duty:40:20ms'})
  addGuest(host, 'io', {vcpus: 1, workload: 'io:2'})
  advanceTo(host, 100 * MS)
  return host
}
