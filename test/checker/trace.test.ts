import {describe, expect, it} from 'vitest'
import {runCheck} from '../../src/checker/index.js'
import {renderCheck, toJson} from '../../src/checker/report.js'

describe('counterexample traces', () => {
  it('Linux 4.6 + Xen 4.7 on SC: a numbered trace and a snapshot mixing two records', () => {
    const r = runCheck({writer: 'xen-4.7', reader: 'linux-4.6', model: 'sc'})
    expect(r.verdict).toBe('TORN')
    expect(r.trace!.length).toBeGreaterThan(2)
    expect(r.trace!.map((t) => t.n)).toEqual(r.trace!.map((_, i) => i + 1))
    expect(r.trace!.some((t) => t.cpu.startsWith('pCPU0') && t.op === 'store')).toBe(true)
    expect(r.trace!.some((t) => t.cpu.startsWith('CPU1') && t.op === 'load')).toBe(true)
    expect(r.snapshot!.mixes).toEqual([0, 1])
    const text = renderCheck(r)
    expect(text).toMatch(/^TORN: writer xen-4.7, reader linux-4.6/)
    expect(text).toContain(' 1. ')
    expect(text).toContain('The reader returned the copy from attempt 1')
    expect(text).toContain('Torn: it mixes initial and update 1')
  })

  it('Linux 4.6 with the flag writer can return a copy with XEN_RUNSTATE_UPDATE set or mixed', () => {
    const r = runCheck({writer: 'xen-4.17-x86', reader: 'linux-4.6', model: 'sc'})
    expect(r.verdict).toBe('TORN')
    expect(r.snapshot!.flagSet || r.snapshot!.mixes.length > 1).toBe(true)
  })

  it('ARMv8 without the first smp_wmb: the trace shows a copy store overtaking the flag', () => {
    const r = runCheck({writer: 'xen-4.17-no-wmb1', reader: 'linux-4.8', model: 'armv8'})
    expect(r.verdict).toBe('TORN')
    const reordered = r.trace!.filter((t) => t.overtakes.length > 0)
    expect(reordered.some((t) => t.cpu.startsWith('pCPU0') && t.overtakes.some((o) => o.includes('raise XEN_RUNSTATE_UPDATE')))).toBe(true)
    expect(renderCheck(r)).toContain('reordered ahead of: update 1: raise XEN_RUNSTATE_UPDATE')
  })

  it('ARMv8 without the reader\'s first rmb: a copy load overtakes the read of t', () => {
    const r = runCheck({writer: 'xen-4.17-arm', reader: 'linux-4.8-no-rmb1', model: 'armv8'})
    expect(r.verdict).toBe('TORN')
    expect(r.trace!.some((t) => t.cpu.startsWith('CPU1') && t.overtakes.some((o) => o.includes(': t = state_entry_time')))).toBe(true)
  })

  it('SAFE results carry no trace; JSON is plain data', () => {
    const r = runCheck({writer: 'xen-4.17-arm', reader: 'linux-4.8', model: 'armv8'})
    expect(r.verdict).toBe('SAFE')
    expect(r.trace).toBeUndefined()
    const j = JSON.parse(toJson(r))
    expect(j).toMatchObject({verdict: 'SAFE', writer: 'xen-4.17-arm', reader: 'linux-4.8', model: 'armv8', updates: 1, mode: 'remote'})
    expect(typeof j.states).toBe('number')
  })
})
