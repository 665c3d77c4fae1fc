// Debug key 'r' against the real Xen 4.17 captures (test/fixtures/xen-4.17).
import {readFileSync} from 'node:fs'
import {expect, test} from 'vitest'
import {addGuest, MS, testHost} from './helpers.js'
import {advanceTo, dumpRunqueues, setFastForward} from '../../../src/hypervisor/sched/index.js'

import {XEN_417_FIXTURES} from '../../helpers/fixtures.js'

/** A sample line with its numbers generalised, as a regex. */
function shape(line: string): RegExp {
  const esc = line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp('^' + esc.replace(/-?\d+/g, '-?\\d+').replace(/d-\?\\d\+v/g, '(d-?\\d+|d\\[IDLE\\])v') + '$')
}

function sampleShapes(file: string): RegExp[] {
  return readFileSync(`${XEN_417_FIXTURES}${file}`, 'utf8').split('\n').filter(l => l.startsWith('(XEN) ')).map(l => shape(l.slice(6)))
}

test.each([
  ['credit2', 'x86-pv/015-dmesg-c-r.out'],
  ['credit', 'x86-credit/012-dmesg-r.out'],
] as const)('%s: every line has a layout of the real sample, and every sample layout appears', (sched, file) => {
  const shapes = sampleShapes(file)
  const host = testHost(2, sched, {arch: 'x86_64'})
  setFastForward(host, 0)
  host.nextDomid = 0
  addGuest(host, 'Domain-0', {vcpus: 2, workload: ['idle', 'cpu']})
  addGuest(host, 'g1', {vcpus: 2, workload: ['cpu', 'duty:30'], weight: 512, cap: sched === 'credit' ? 50 : 0})
  advanceTo(host, 2000 * MS + 123)
  const out = dumpRunqueues(host)
  for (const line of out) expect(shapes.some(s => s.test(line)), `no sample line like ${JSON.stringify(line)}`).toBe(true)
  const missing = shapes.filter(s => !out.some(l => s.test(l)))
  // Only state-dependent lines may be missing (e.g. credit2's budget differs from an uncapped sample unit).
  expect(missing.length).toBeLessThanOrEqual(2)
  expect(out[0]).toBe('sched_smt_power_savings: disabled')
  expect(out[1]).toBe(`NOW=${host.now}`)
})

// ARM 4.17 leaves each pCPU alone in its core mask (xen/arch/arm/smpboot.c:94,
// a TODO for SMT/multi-core topology), so credit2's per-CPU line says
// core={N} where x86 says core={0-1}.
test('arm64: each CPU is its own core in debug key r (csched2_dump_pcpu)', () => {
  const host = testHost(2, 'credit2', {arch: 'arm64'})
  setFastForward(host, 0)
  host.nextDomid = 0
  addGuest(host, 'Domain-0', {vcpus: 2, workload: ['idle', 'cpu']})
  advanceTo(host, 100 * MS)
  const cpuLines = dumpRunqueues(host).filter(l => l.startsWith('CPU[') && l.includes('sibling'))
  expect(cpuLines).toEqual(['CPU[00] runq=0, sibling={0}, core={0}', 'CPU[01] runq=0, sibling={1}, core={1}'])
  const x86 = testHost(2, 'credit2', {arch: 'x86_64'})
  setFastForward(x86, 0)
  expect(dumpRunqueues(x86).filter(l => l.includes('sibling'))).toEqual(['CPU[00] runq=0, sibling={0}, core={0-1}', 'CPU[01] runq=0, sibling={1}, core={0-1}'])
})
