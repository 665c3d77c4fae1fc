// Live migration of a 2-vCPU guest with 1 h of history between two 2-pCPU
// hosts (two state files), against a plain `xl create` on the same host:
// medians of interleaved runs, each migration after another hour simulated.
// Each run sends the guest there directly and brings it back with `-s ''`
// (a second xl process as the receiver, xl's protocol over a pipe).
import {spawnSync} from 'node:child_process'
import {performance} from 'node:perf_hooks'
import {join} from 'node:path'
import {writeFileSync} from 'node:fs'
import {BIN, median} from './startup.js'

function xl(state: string, args: string[]): number {
  const t = performance.now()
  const r = spawnSync(process.execPath, [BIN, ...args], {env: {...process.env, XLSIM_STATE: state}, stdio: 'ignore'})
  if (r.status !== 0) throw new Error(`xl ${args.join(' ')}: exit ${r.status}`)
  return performance.now() - t
}

export function benchMigrate(dir: string, runs = 5): {migrateMs: number; createMs: number; ratio: number; pipeMs: number; pipeRatio: number} {
  const hosts = [join(dir, 'mig-a.db'), join(dir, 'mig-b.db')]
  const cfg = join(dir, 'mig.cfg')
  writeFileSync(cfg, 'name = "g"\nkernel = "linux-4.15"\nvcpus = 2\nmemory = 512\nworkload = "duty:50:5ms"\n')
  const busy = join(dir, 'busy.cfg')
  writeFileSync(busy, 'name = "busy"\nkernel = "linux-6.1"\nvcpus = 2\nmemory = 512\nworkload = "cpu"\n')
  for (const h of hosts) {
    xl(h, ['host', 'init', '--force', '--arch', 'x86_64', '--cpus', '2', '--clock', 'manual'])
    xl(h, ['create', '-q', busy])
  }
  xl(hosts[0], ['create', '-q', cfg])
  const migrate: number[] = []
  const create: number[] = []
  const pipe: number[] = []
  const [from, to] = hosts
  for (let i = 0; i < runs; i++) {
    xl(from, ['clock', 'advance', '1h'])
    migrate.push(xl(from, ['migrate', 'g', to]))
    create.push(xl(from, ['create', '-q', '/dev/null', `name="c${i}"`, 'memory=64', 'kernel="linux-6.1"']))
    xl(to, ['clock', 'advance', '1h'])
    pipe.push(xl(to, ['migrate', '-s', '', 'g', `xl --state ${from} migrate-receive`]))
  }
  const migrateMs = median(migrate)
  const createMs = median(create)
  const pipeMs = median(pipe)
  return {migrateMs, createMs, ratio: migrateMs / createMs, pipeMs, pipeRatio: pipeMs / migrateMs}
}
