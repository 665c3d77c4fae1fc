import {describe, expect, test} from 'vitest'
import {formatWorkload, parseWorkload, sameWorkload, workloadOf} from '../../../src/hypervisor/sched/workload.js'
import {addGuest, MS, S, testHost, timeAt} from './helpers.js'
import {advanceTo, domainRemoved, pcpuView, setFastForward, vcpuChanged} from '../../../src/hypervisor/sched/index.js'

describe('parseWorkload', () => {
  test.each([
    ['idle', {kind: 'idle'}],
    ['cpu', {kind: 'cpu'}],
    ['duty:30', {kind: 'duty', percent: 30, periodNs: 100 * MS}],
    ['duty:25:20ms', {kind: 'duty', percent: 25, periodNs: 20 * MS}],
    ['duty:50:1s', {kind: 'duty', percent: 50, periodNs: S}],
    ['io:5', {kind: 'io', blockNs: 5 * MS}],
    ['io:0.5', {kind: 'io', blockNs: 500_000}],
  ])('%s', (spec, want) => {
    expect(parseWorkload(spec)).toEqual(want)
    expect(parseWorkload(formatWorkload(want as never))).toEqual(want)
  })
  test.each(['', 'busy', 'cpu:1', 'duty', 'duty:0', 'duty:101', 'duty:50:xyz', 'io', 'io:-1', 'io:abc'])('rejects %j', spec => {
    expect(parseWorkload(spec)).toHaveProperty('error')
  })
})

test('changing a workload takes effect at once', () => {
  const host = testHost(2)
  setFastForward(host, 0)
  const d = addGuest(host, 'a', {vcpus: 1, workload: 'idle'})
  advanceTo(host, 2 * S)
  const before = timeAt(host, d.vcpus[0])[0]
  d.vcpus[0].workload = 'cpu'
  vcpuChanged(host, d, d.vcpus[0])
  advanceTo(host, 4 * S)
  expect(timeAt(host, d.vcpus[0])[0] - before).toBe(2 * S)
})

test('a removed domain leaves the pCPUs and the others take over', () => {
  const host = testHost(2)
  setFastForward(host, 0)
  const a = addGuest(host, 'a', {vcpus: 2, workload: 'cpu'})
  const b = addGuest(host, 'b', {vcpus: 2, workload: 'cpu'})
  advanceTo(host, 1 * S)
  domainRemoved(host, a)
  host.domains.delete(a.domid)
  for (const v of a.vcpus) expect(v.runstate.state).toBe(3)
  advanceTo(host, 2 * S)
  const view = pcpuView(host)
  expect(view.every(p => p.current?.domid === b.domid)).toBe(true)
  for (const v of b.vcpus) expect(timeAt(host, v).reduce((x, y) => x + y)).toBe(2 * S)
})

describe('workloadOf', () => {
  const specs = ['idle', 'cpu', 'duty:30', 'duty:30%', 'duty:30:100ms', 'duty:25:20ms', 'io:2', 'io:2ms', 'io:10', 'bogus', 'duty:0']

  test('a spec gives one shared, frozen workload; an unparsable one runs as idle', () => {
    for (const spec of specs) {
      const w = workloadOf(spec)
      expect(workloadOf(spec)).toBe(w)
      expect(Object.isFrozen(w)).toBe(true)
      const p = parseWorkload(spec)
      expect(w).toEqual('error' in p ? {kind: 'idle'} : p)
    }
  })

  test('sameWorkload answers what comparing the JSON of the two did', () => {
    for (const a of specs) {
      for (const b of specs) {
        const wa = workloadOf(a), wb = workloadOf(b)
        expect(sameWorkload(wa, wb), `${a} / ${b}`).toBe(JSON.stringify(wa) === JSON.stringify(wb))
        expect(sameWorkload({...wa}, {...wb}), `${a} / ${b} (copies)`).toBe(JSON.stringify(wa) === JSON.stringify(wb))
      }
    }
  })
})
