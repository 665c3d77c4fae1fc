import {describe, expect, it} from 'vitest'
import {CheckOptionError, runCheck, runMatrix} from '../../src/checker/index.js'

describe('bad options', () => {
  const bad = (o: object) => () => runCheck({writer: 'xen-4.17-x86', reader: 'linux-4.8', model: 'sc', ...o})
  it('names the valid writers, readers and models', () => {
    expect(bad({writer: 'xen-9'})).toThrow(CheckOptionError)
    expect(bad({writer: 'xen-9'})).toThrow(/valid writers: xen-4.7, xen-4.17-x86, xen-4.17-arm, xen-4.18-phys, xen-4.17-no-wmb1, xen-4.17-no-wmb2$/)
    expect(bad({reader: 'bsd'})).toThrow(/valid readers: linux-4.6, .*linux-4.8-no-rmb2$/)
    expect(bad({model: 'power'})).toThrow(/valid models: sc, tso, armv8$/)
  })
  it('rejects updates outside 1..3', () => {
    for (const updates of [0, 4, 1.5]) expect(bad({updates})).toThrow(/valid: 1, 2, 3/)
  })
  it('rejects a bad mode', () => {
    expect(bad({mode: 'sideways'})).toThrow(/valid modes: remote, local/)
  })
  it('matrix validates too', () => {
    expect(() => runMatrix({models: ['vax']})).toThrow(CheckOptionError)
  })
  it('messages are one line', () => {
    try {
      bad({writer: 'nope'})()
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('\n')
    }
  })
})
