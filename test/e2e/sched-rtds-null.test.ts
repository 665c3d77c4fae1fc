// `xl host init --sched rtds|null` through the real CLI: the boot log,
// `xl info`, debug key 'r' and vCPU placement of Xen's rt.c and null.c.
import {afterEach, expect, it} from 'vitest'
import {cfg, tempHost, type TempHost} from '../helpers/cli.js'

let hosts: TempHost[] = []
afterEach(() => {
  for (const h of hosts) h.cleanup()
  hosts = []
})

function shell(h: TempHost, lines: string[]): string {
  const r = h.xlInput(lines.join('\n') + '\n', 'shell')
  expect(r.code, r.stderr).toBe(0)
  return r.stdout
}

it('rtds: boots with rt_init\'s banner, dumps rt_dump, host check passes', () => {
  const h = tempHost()
  hosts.push(h)
  const g = h.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', vcpus: 3, memory: 128, workload: 'cpu'}))
  const out = shell(h, ['host init --force --clock manual --arch x86_64 --cpus 2 --sched rtds', `create ${g}`, 'clock advance 2s', 'info', 'debug-keys r', 'dmesg', 'host check'])
  expect(out).toContain('xen_scheduler          : rtds')
  expect(out).toContain('(XEN) Using scheduler: SMP RTDS Scheduler (rtds)\n(XEN) Initializing RTDS scheduler\n(XEN) WARNING: This is experimental software in development.\n(XEN) Use at your own risk.\n')
  expect(out).toContain('(XEN) Scheduler: SMP RTDS Scheduler (rtds)\n(XEN) Global RunQueue info:\n')
  expect(out).toMatch(/\(XEN\) \[ {4}1\.2 \] cpu \d, \(10000000, 4000000\), cur_b=\d+ cur_d=\d+ last_start=\d+\n\(XEN\)  \t\t priority_level=\d+ has_extratime=1\n/)
  expect(out).toContain('host check: ok')
})

it('null: a vCPU per pCPU, the rest wait (runnable, no time), null_dump shows the waitqueue', () => {
  const h = tempHost()
  hosts.push(h)
  const g = h.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', vcpus: 3, memory: 128, workload: 'cpu'}))
  const out = shell(h, ['host init --force --clock manual --arch x86_64 --cpus 4 --dom0-vcpus 1 --sched null', `create ${g}`, 'clock advance 2s', 'vcpu-list g', 'debug-keys r', 'dmesg', 'host check'])
  expect(out).toContain('(XEN) Using scheduler: null Scheduler (null)\n(XEN) Initializing null scheduler\n')
  const rows = out.split('\n').filter(l => /^g +1 +\d/.test(l))
  expect(rows.map(l => l.split(/ +/)[4])).toEqual(['r--', 'r--', 'r--'])
  expect(out).toContain('(XEN) \tcpus_free = \n')
  expect(out).toContain('(XEN) Waitqueue: \n')
  expect(out).toContain('host check: ok')
  const more = h.file('m.cfg', cfg({name: 'm', kernel: 'linux-6.1', vcpus: 2, memory: 128, workload: 'cpu'}))
  const out2 = shell(h, [`create ${more}`, 'clock advance 1s', 'vcpu-list m', 'debug-keys r', 'dmesg -c', 'host check'])
  const mrows = out2.split('\n').filter(l => /^m +2 +\d/.test(l))
  expect(mrows.map(l => l.split(/ +/).slice(4, 6))).toEqual([['---', '0.0'], ['---', '0.0']])
  expect(out2).toContain('(XEN) Waitqueue: d2v0, d2v1\n')
  expect(out2).toContain('host check: ok')
})
