// `npm run bench`: every figure measured side by side in one run,
// printed as a table (ratios where absolute time depends on the machine) and
// written to bench/results.json, with the previous run's figures beside them.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {BIN, startupCode, startupRatios} from './startup.js'
import {benchShell, sampleCommands} from './shell.js'
import type {SchedulerFigures} from './sched.js'
import {benchCatchUp, benchCatchUpCommand} from './catchup.js'
import {benchTrace} from './trace.js'
import {benchState} from './state.js'
import {benchVcpus} from './vcpus.js'
import {benchInput} from './input.js'
import {benchStress} from './stress.js'
import {benchMigrate} from './migrate.js'
import {benchmark as benchChecker} from '../src/checker/index.js'

const RESULTS = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../bench/results.json' : './results.json', import.meta.url))

/**
 * The scheduler's figures, measured by `node dist/bench/sched.js --json` in
 * a process of its own, as a user's `xl` command runs one host in a fresh
 * process: in this process the earlier sections (the shell, migration) leave
 * their heap and compiled code behind, which made the 1024-pCPU run about a
 * fifth slower than the same run in a fresh process; and `node
 * dist/bench/sched.js` alone now gives the figures the table shows.
 */
function schedulerInOwnProcess(): SchedulerFigures {
  const script = fileURLToPath(new URL('./sched.js', import.meta.url))
  const r = spawnSync(process.execPath, [script, '--json'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24})
  if (r.status !== 0) throw new Error(`bench/sched.js --json exited with ${r.status ?? r.signal}`)
  return JSON.parse(r.stdout) as SchedulerFigures
}

interface Figure {
  name: string
  value: number
  unit: string
  target?: string
  ok?: boolean
}

const figures: Figure[] = []
const add = (f: Figure) => {
  figures.push(f)
  process.stderr.write(`  ${f.name}: ${f.value.toFixed(f.unit === 'x' ? 2 : 1)} ${f.unit}\n`)
}

function xl(state: string, ...args: string[]): void {
  const r = spawnSync(process.execPath, [BIN, ...args], {env: {...process.env, XLSIM_STATE: state}, stdio: 'ignore'})
  if (r.status !== 0) throw new Error(`xl ${args.join(' ')}: exit ${r.status}`)
}

const dir = mkdtempSync(join(tmpdir(), 'xlsim-bench-'))
try {
  process.stderr.write('start-up (100-domain host, median of 9, interleaved with bare node)...\n')
  const state = join(dir, 'host.db')
  xl(state, 'host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '8', '--memory', '65536')
  const lines = Array.from({length: 100}, (_, i) => `create /dev/null 'name="g${i}"' memory=64 vcpus=2 'kernel="linux-6.1"'`).join('\n')
  const r = spawnSync(process.execPath, [BIN, 'shell'], {env: {...process.env, XLSIM_STATE: state}, input: lines + '\n', stdio: ['pipe', 'ignore', 'ignore']})
  if (r.status !== 0) throw new Error('could not build the 100-domain host')
  const s = startupRatios({
    list: () => [['list']],
    'debug-keys q + dmesg': () => [['debug-keys', 'q'], ['dmesg', '-c']],
    create: run => [['create', '/dev/null', `name="c${run}"`, 'memory=64', 'kernel="linux-6.1"']],
    // xlsim's own commands run on oclif, loaded only for them.
    'host show': () => [['host', 'show']],
    'runstate g0': () => [['runstate', 'g0']],
    // Loads every command's file (the whole table), what each start paid when the table imported them all.
    help: () => [['help']],
  }, state)
  add({name: 'xl list (100 domains) / bare node', value: s.list.ratio, unit: 'x', target: '<= 1.5x', ok: s.list.ratio <= 1.5})
  add({name: 'xl debug-keys q + xl dmesg / bare node', value: s['debug-keys q + dmesg'].ratio, unit: 'x'})
  add({name: 'xl create / bare node', value: s.create.ratio, unit: 'x', target: '<= 1.6x', ok: s.create.ratio <= 1.6})
  add({name: 'xl host show (oclif) / bare node', value: s['host show'].ratio, unit: 'x', target: '<= 2.5x', ok: s['host show'].ratio <= 2.5})
  add({name: 'xl runstate g0 (oclif) / bare node', value: s['runstate g0'].ratio, unit: 'x', target: '<= 2.5x', ok: s['runstate g0'].ratio <= 2.5})
  add({name: 'xl help (loads every command file) / bare node', value: s.help.ratio, unit: 'x'})
  add({name: 'bare node -e 0', value: s.node.ms, unit: 'ms'})
  const code = startupCode()
  add({name: 'real xl command code loaded by xl list, of all commands (each loads on demand)', value: code.listShare * 100, unit: '%'})
  add({name: 'code every command loads at start (dispatcher chunk)', value: code.coreKiB, unit: 'KiB'})

  process.stderr.write('shell: 200 commands through xl shell vs 200 processes...\n')
  const sh = await benchShell(state, sampleCommands(200))
  const shellRatio = sh.processesMs / sh.shellMs
  add({name: '200 processes / 200 commands in xl shell', value: shellRatio, unit: 'x', target: '>= 30x', ok: shellRatio >= 30})

  process.stderr.write('migration: 2-vCPU guest, 1 h of history, two 2-pCPU hosts...\n')
  const mig = benchMigrate(dir)
  add({name: 'xl migrate (2 vCPUs, 1 h of history) / xl create', value: mig.ratio, unit: 'x', target: '<= 3x', ok: mig.ratio <= 3})
  add({name: 'xl migrate -s \'\' (a second xl as receiver, over a pipe) / direct', value: mig.pipeRatio, unit: 'x'})

  process.stderr.write('scheduler (in a process of its own)...\n')
  const sc = schedulerInOwnProcess()
  add({name: 'scheduler events/s (exact, contended)', value: sc.eventsPerSecond / 1e6, unit: 'M/s', target: '>= 5M/s', ok: sc.eventsPerSecond >= 5e6})
  for (const [s, v] of Object.entries(sc.eventsPerSecondBy)) add({name: `scheduler events/s (exact, contended), ${s}`, value: v / 1e6, unit: 'M/s'})
  add({name: 'scheduler events/s, every vCPU with a guest runstate area (slowest policy)', value: sc.eventsPerSecondWithAreas / 1e6, unit: 'M/s', target: '>= 5M/s', ok: sc.eventsPerSecondWithAreas >= 5e6})
  for (const [s, v] of Object.entries(sc.eventsPerSecondWithAreasBy)) add({name: `scheduler events/s, every vCPU with a guest runstate area, ${s}`, value: v / 1e6, unit: 'M/s'})
  add({name: 'simulate 1 h of 64 pCPU / 256 vCPU', value: sc.oneHour64x256Seconds, unit: 's', target: '< 2 s', ok: sc.oneHour64x256Seconds < 2})
  add({name: 'create + run 1 s of 1024 pCPU / 8192 vCPU', value: sc.big1024x8192OneSecondSeconds, unit: 's', target: '<= 1.0 s', ok: sc.big1024x8192OneSecondSeconds <= 1})
  for (const [c, v] of Object.entries(sc.bigOneSecondBy)) {
    if (Number(c) !== 1024) add({name: `create + run 1 s of ${c} pCPU / ${8 * Number(c)} vCPU`, value: v, unit: 's'})
  }
  // Linear in pCPUs: the cost per pCPU stays about the same (1x); one walk of every runqueue per event made it grow with them.
  const perCpu = (c: number) => sc.bigOneSecondBy[c] / c
  const bigGrowth = perCpu(1024) / perCpu(256)
  add({name: 'cost per pCPU of 1 simulated second, 1024 / 256 pCPUs', value: bigGrowth, unit: 'x', target: '<= 1.5x', ok: bigGrowth <= 1.5})
  for (const [s, v] of Object.entries(sc.big1024OneSecondByPolicy)) {
    if (s !== 'credit2') add({name: `create + run 1 s of 1024 pCPU / 8192 vCPU, ${s}`, value: v, unit: 's'})
  }

  process.stderr.write('tracing (xl trace)...\n')
  const tr = benchTrace()
  add({name: 'scheduler events/s, tracing off (credit2, 16x64)', value: tr.offEventsPerSecond / 1e6, unit: 'M/s'})
  add({name: 'scheduler events/s, tracing on (credit2, 16x64)', value: tr.onEventsPerSecond / 1e6, unit: 'M/s'})
  add({name: 'tracing on: cost per event / off', value: tr.onCost, unit: 'x', target: '<= 2x', ok: tr.onCost <= 2})
  for (const [s, cost] of Object.entries(tr.byPolicy)) add({name: `tracing on: cost per event / off, ${s}`, value: cost, unit: 'x'})
  add({name: 'xentrace of 10 s of 16 pCPU / 64 vCPU: record + write', value: tr.tenSecondsSeconds, unit: 's', target: '< 2 s', ok: tr.tenSecondsSeconds < 2})
  add({name: 'xentrace of 10 s of 16 pCPU / 64 vCPU: file size', value: tr.fileBytes / 2 ** 20, unit: 'MiB'})

  process.stderr.write('wall-clock catch-up, 1,000 busy domains...\n')
  for (const [span, secs] of Object.entries(benchCatchUp())) {
    add({name: `catch up ${span} of 1,000 busy domains (core)`, value: secs, unit: 's'})
  }
  // What a user waits for: the next command (xl list) on the state file, start to exit.
  for (const [span, secs] of Object.entries(benchCatchUpCommand())) {
    add({name: `xl list after ${span} away, 1,000 busy domains (process, load, catch-up, save)`, value: secs, unit: 's', target: '<= 2 s', ok: secs <= 2})
  }
  process.stderr.write('domains with many vCPUs (maxvcpus=N vcpus=1)...\n')
  const many = benchVcpus([1000, 4000, 16000])
  for (const f of many) {
    add({name: `create + save + load, ${f.vcpus} vCPUs`, value: f.createMs + f.saveMs + f.loadMs, unit: 'ms'})
  }
  const perVcpu = (f: (typeof many)[number]) => (f.createMs + f.saveMs + f.loadMs) / f.vcpus
  const growth = perVcpu(many[2]) / perVcpu(many[0])
  // Linear: about 1x (caches and GC make big hosts a little dearer); quadratic would be 16x.
  add({name: 'cost per vCPU, 16000 / 1000 vCPUs', value: growth, unit: 'x', target: '<= 3x', ok: growth <= 3})

  process.stderr.write('runstate stress on a big host...\n')
  const alone = benchStress(0)
  const crowd = benchStress(3000)
  add({name: 'runstate stress --reads 1000, 3000 idle domains', value: crowd.ms, unit: 'ms'})
  add({name: 'runstate stress --reads 1000, 3000 idle domains / none', value: crowd.ms / alone.ms, unit: 'x'})

  process.stderr.write('protocol checker...\n')
  const cpu0 = process.cpuUsage()
  const ck = benchChecker({updates: 2})
  const cpu = process.cpuUsage(cpu0)
  add({name: 'checker states/s (matrix, K=2)', value: ck.statesPerSecond / 1e3, unit: 'k/s', target: '>= 500 k/s', ok: ck.statesPerSecond >= 500e3})
  // The same per second of this process's CPU time: on a machine other work keeps busy, what the wall-clock rate would be without it.
  add({name: 'checker states per CPU second (matrix, K=2)', value: ck.states / ((cpu.user + cpu.system) / 1e6) / 1e3, unit: 'k/s'})
  add({name: 'checker matrix K=2 wall time', value: ck.timeMs / 1000, unit: 's'})
  const ck3 = benchChecker({updates: 3})
  add({name: 'checker states/s (matrix, K=3)', value: ck3.statesPerSecond / 1e3, unit: 'k/s'})
  add({name: 'checker matrix K=3 wall time', value: ck3.timeMs / 1000, unit: 's', target: '< 60 s', ok: ck3.timeMs < 60e3})
  add({name: 'checker matrix K=3 states', value: ck3.states / 1e6, unit: 'M'})

  process.stderr.write('xl.cfg input...\n')
  const inp = benchInput()
  add({name: 'parse 50,000 `vif +=` lines', value: inp.vifAppends50kMs, unit: 'ms'})
  add({name: 'parse 100,000 `vif +=` lines / 50,000 (linear: ~2)', value: inp.vifAppends100kMs / inp.vifAppends50kMs, unit: 'x', target: '<= 3x', ok: inp.vifAppends100kMs / inp.vifAppends50kMs <= 3})
  add({name: 'parse + build a 10 MB config', value: inp.config10MbMs, unit: 'ms'})
  add({name: 'vcpus with 1,000,000 digits (strtol)', value: inp.digits1MMs, unit: 'ms'})

  process.stderr.write('state file...\n')
  for (const domains of [10, 100, 1000]) {
    const st = benchState(domains)
    add({name: `state file size, ${domains} domains`, value: st.fileBytes / 1024, unit: 'KiB'})
    add({name: `full save, ${domains} domains`, value: st.fullSaveMs, unit: 'ms'})
    add({name: `load, ${domains} domains`, value: st.loadMs, unit: 'ms'})
    add({name: `save after one change, ${domains} domains`, value: st.oneChangeSaveMs, unit: 'ms',
      target: domains === 1000 ? '<= 5 ms' : undefined, ok: domains === 1000 ? st.oneChangeSaveMs <= 5 : undefined})
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}

const previous: Record<string, number> = existsSync(RESULTS)
  ? Object.fromEntries((JSON.parse(readFileSync(RESULTS, 'utf8')).figures as Figure[]).map(f => [f.name, f.value]))
  : {}
const w = Math.max(...figures.map(f => f.name.length))
console.log(`${'figure'.padEnd(w)}  ${'value'.padStart(10)} unit  ${'previous'.padStart(10)}  target`)
for (const f of figures) {
  const prev = previous[f.name]
  const v = f.value.toFixed(f.unit === 'x' ? 2 : 2)
  console.log(`${f.name.padEnd(w)}  ${v.padStart(10)} ${f.unit.padEnd(4)}  ${(prev === undefined ? '-' : prev.toFixed(2)).padStart(10)}  ${f.target ? `${f.target} ${f.ok ? 'met' : 'NOT met'}` : ''}`)
}
writeFileSync(RESULTS, JSON.stringify({date: new Date().toISOString(), node: process.version, figures}, null, 2) + '\n')
console.log(`\nwritten to ${RESULTS}`)
