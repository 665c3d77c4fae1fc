// The records a migration keeps on each host (src/libxl/migrate.ts), for
// the steps a migration over a transport adds: the receiver naming its host
// in the sender's record, the sender taking its domain back after the
// target reported a failure, and a receiver's record nobody can resolve.
import {describe, expect, it} from 'vitest'
import {bootHost} from '../../src/libxl/host-boot.js'
import {createDomain} from '../../src/libxl/create.js'
import {DEFAULT_HOST_CONFIG, type Host} from '../../src/hypervisor/host.js'
import {advanceTo} from '../../src/hypervisor/sched/index.js'
import {domainSuspend} from '../../src/libxl/save.js'
import {
  findOutgoing, hasPending, incomingOf, receiverBegin, receiverForget, senderBegin, senderGo, senderSetTarget, senderTakeBack,
} from '../../src/libxl/migrate.js'

const owner = {pid: 1, start: '1'}

function suspended(): {h: Host; domid: number} {
  const h = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', cpus: 2, clock: 'manual'})
  const g = createDomain(h, {memMiB: 128, maxmemMiB: 128, vcpus: 1, maxVcpus: 1, cpus: [], cpusSoft: [], onPoweroff: 'destroy',
    onReboot: 'restart', onCrash: 'destroy', paravirtTimeAccounting: true, config: {}, name: 'g', type: 'pv', kernel: 'linux-6.1', workloads: ['idle']}, {paused: false})
  advanceTo(h, h.now + 1e9)
  domainSuspend(h, g)
  senderBegin(h, g, {id: 'm', target: null, owner, phase: 'sending', name: 'g'})
  return {h, domid: g.domid}
}

describe('migration records over a transport', () => {
  it('the receiver names its host in the sender\'s record, only before the decision', () => {
    const {h} = suspended()
    expect(senderSetTarget(h, 'm', '/b.db')).toBe(true)
    expect(findOutgoing(h, 'm')![1].target).toBe('/b.db')
    expect(senderSetTarget(h, 'other', '/c.db')).toBe(false)
    expect(senderGo(h, 'm')).toBe(true)
    expect(senderSetTarget(h, 'm', '/c.db')).toBe(false)
    expect(findOutgoing(h, 'm')![1].target).toBe('/b.db')
  })

  it('after "go", a target that reports failure: the domain takes its name back and runs', () => {
    const {h, domid} = suspended()
    expect(senderTakeBack(h, 'm')).toBeUndefined()
    expect(senderGo(h, 'm')).toBe(true)
    const d = h.domains.get(domid)!
    expect(d.name).toBe('g--migratedaway')
    expect(senderTakeBack(h, 'm')).toBe(d)
    expect(d.name).toBe('g')
    expect(d.shutdown).toBeNull()
    expect(hasPending(h)).toBe(false)
  })

  it('a receiver\'s record with no sender to ask: the copy stays as an ordinary domain', () => {
    const {h, domid} = suspended()
    const d = h.domains.get(domid)!
    receiverBegin(h, d, {id: 'in', source: null, owner, pauseAfter: false, name: 'g'})
    receiverForget(h, 'in')
    expect(incomingOf(d)).toBeUndefined()
    expect(h.domains.has(domid)).toBe(true)
    expect(h.config.migrations).toEqual(['m'])
  })
})
