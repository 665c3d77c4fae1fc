// xl create's input stage, in process: parsing (libxlu) and number
// conversion on inputs sized like the hostile ones (all must stay linear).
import {performance} from 'node:perf_hooks'
import {getLong, parseConfig} from '../src/libxlu/index.js'
import {requestFromConfig} from '../src/xl/create-request.js'

export interface InputFigures {
  vifAppends50kMs: number
  vifAppends100kMs: number
  config10MbMs: number
  digits1MMs: number
}

function time(fn: () => unknown): number {
  const t = performance.now()
  fn()
  return performance.now() - t
}

const vifs = (n: number) => `name = "v"\n${Array.from({length: n}, (_, i) => `vif += [ "mac=00:16:3e:00:${(i >> 8) & 0xff}:${i & 0xff},bridge=xenbr0" ]\n`).join('')}`

export function benchInput(): InputFigures {
  const v50 = vifs(50_000)
  const v100 = vifs(100_000)
  // About 10 MB of settings: 110,000 keys of 80-character strings.
  const big = `name = "b"\n${Array.from({length: 110_000}, (_, i) => `extra_${i} = "${'x'.repeat(80)}"\n`).join('')}`
  const digits = `name = "d"\nvcpus = ${'9'.repeat(1_000_000)}\n`
  return {
    vifAppends50kMs: time(() => parseConfig(v50, 'v.cfg')),
    vifAppends100kMs: time(() => parseConfig(v100, 'v.cfg')),
    config10MbMs: time(() => requestFromConfig(big, 'b.cfg', [], 4)),
    digits1MMs: time(() => getLong(parseConfig(digits, 'd.cfg'), 'vcpus')),
  }
}
