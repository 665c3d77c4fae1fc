// xl runstate timeline through the built CLI: the plain-text rows without a
// terminal, the live view in a real terminal (tmux), and xl top's `t`.
import {afterAll, describe, expect, it} from 'vitest'
import {BIN, cfg, tempHosts, type TempHost} from '../helpers/cli.js'
import {hasTmux, terminal} from '../helpers/tmux.js'

const host = tempHosts()

function contended(h: TempHost): void {
  const busy = h.file('busy.cfg', cfg({name: 'busy', kernel: 'linux-4.6-runstate', vcpus: 2, memory: 512, workload: 'cpu'}))
  const web = h.file('web.cfg', cfg({name: 'web', kernel: 'linux-6.1', vcpus: 2, memory: 512, workload: 'duty:40:20ms'}))
  const r = h.xlInput(['host init --force --arch x86_64 --cpus 2 --clock manual', `create -q ${busy}`, `create -q ${web}`, 'vcpu-set web 1', 'clock advance 1s'].join('\n') + '\n', 'shell')
  expect(r.code, r.stderr).toBe(0)
}

describe('xl runstate timeline (no terminal)', () => {
  it('prints one row per vCPU once: glyphs per column, steal and pCPUs, after running a manual clock by the window', () => {
    const h = host()
    contended(h)
    const r = h.xl('runstate', 'timeline', 'web', '--window', '80ms')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('xl runstate timeline: the host has a manual clock; it ran forward by 80ms to record this (the new time is kept)\n')
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('Domain web (id 2): runstate of each vCPU over 80 ms (1.25 ms per column); x86_64 credit2, 2 pCPUs, manual clock')
    expect(lines[1]).toBe('legend: 0-9 a-z running on that pCPU, + runnable, . blocked, _ offline')
    expect(lines[2]).toBe(`vCPU |${'-'.repeat(64)}| steal%  pCPUs`)
    // v0 works 40% of each 20 ms period and waits for busy's vCPUs; v1 was taken offline.
    expect(lines[3]).toMatch(/^v0   \|[01+.]{64}\| +\d+\.\d  [01](,1)?$/)
    expect(lines[3]).toMatch(/\.{3}/)
    expect(lines[3]).toMatch(/[01]{3}/)
    expect(lines[4]).toBe(`v1   |${'_'.repeat(64)}| 100.0  -`)
    expect(lines[5]).toBe('')
    expect(lines).toHaveLength(6)
    expect(h.xl('uptime', 'web').stdout).toMatch(/0:00:01/)
  })

  it('works in a pipe to head, and refuses bad input with one line', () => {
    const h = host()
    contended(h)
    const r = h.xlInput('', 'runstate', 'timeline', 'busy')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n').slice(3, 5)).toEqual([
      expect.stringMatching(/^v0   \|[01+]{64}\| +\d+\.\d  /), expect.stringMatching(/^v1   \|[01+]{64}\| +\d+\.\d  /)])
    expect(h.xl('runstate', 'timeline', 'nosuch')).toMatchObject({code: 1, stdout: '', stderr: 'nosuch is an invalid domain identifier (rc=-6)\n'})
    expect(h.xl('runstate', 'timeline', 'web', '--window', '2h')).toMatchObject({code: 2, stderr: 'xl runstate timeline: the window must be from 1ms to 60s\n'})
    expect(h.xl('runstate', 'timeline', 'web', '--window', 'x')).toMatchObject({code: 2,
      stderr: "xl runstate timeline: invalid duration 'x': use a number and a unit (ns, us, ms, s, m, h, d), e.g. 250ms or 3s\n"})
    h.xl('trace', 'start')
    expect(h.xl('runstate', 'timeline', 'web')).toMatchObject({code: 1,
      stderr: 'xl runstate timeline: the host is being traced (xl trace start); `xl trace stop FILE` first\n'})
  })
})

describe.skipIf(!hasTmux)('xl runstate timeline on a terminal', () => {
  const t = terminal('timeline', 'tl')
  afterAll(() => t.tmux('kill-server'))

  it('follows the host live, zooms with -, quits on q; xl top jumps to it with t on the selected row', async () => {
    const h = host()
    contended(h)
    t.tmux('new-session', '-d', '-s', 'tl', '-x', '110', '-y', '20', `${process.execPath} ${BIN} --state ${h.state} runstate timeline web; echo EXIT=$?; sleep 30`)
    let s = await t.waitFor(x => /^v0 +\|.*[01].*\|/m.test(x), 'the rows')
    expect(s).toContain('Domain web (id 2): runstate of each vCPU over 100 ms')
    expect(s).toMatch(/^v1 +\| *_+\| 100\.0  -/m)
    expect(s).toContain('q quit  +/- zoom')
    t.tmux('send-keys', '-t', 'tl', '-')
    s = await t.waitFor(x => x.includes('over 200 ms'), 'zoomed out')
    t.tmux('send-keys', '-t', 'tl', 'q')
    s = await t.waitFor(x => x.includes('EXIT=0'), 'exit')
    // The clock ran while it played.
    const up = h.xl('uptime', 'web').stdout
    expect(up).toMatch(/0:00:01/)

    const top = terminal('timeline', 'top')
    t.tmux('new-session', '-d', '-s', 'top', '-x', '110', '-y', '20', `${process.execPath} ${BIN} --state ${h.state} top; echo EXIT=$?; sleep 30`)
    s = await top.waitFor(x => x.includes('[t]imeline'), 'top')
    t.tmux('send-keys', '-t', 'top', 'Down')
    t.tmux('send-keys', '-t', 'top', 'Down')
    await new Promise(r => setTimeout(r, 500))
    t.tmux('send-keys', '-t', 'top', 't')
    s = await top.waitFor(x => x.includes('Domain web (id 2): runstate of each vCPU'), 'the timeline of web')
    t.tmux('send-keys', '-t', 'top', 'q')
    await top.waitFor(x => x.includes('EXIT=0'), 'exit')
  }, 60_000)
})
