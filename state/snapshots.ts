// Named snapshots of the whole host, kept inside the state file. A snapshot
// holds the host exactly (rows as stored), so loading one restores it
// byte for byte; the wall clock restarts from the moment of loading.
import type Database from 'better-sqlite3'
import {StateError} from './errors.js'

type Db = Database.Database

export interface SnapshotInfo {
  name: string
  createdMs: number
  nowNs: number
  domains: number
}

interface SnapshotData {
  host: Record<string, unknown>
  domains: {domid: number; name: string; data: string}[]
  console: string
}

export function validSnapshotName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)
}

function check(name: string): void {
  if (!validSnapshotName(name)) {
    throw new StateError(`invalid snapshot name '${name.slice(0, 80)}': use 1-64 letters, digits, '.', '_' or '-'`)
  }
}

export function saveSnapshot(db: Db, name: string, createdMs: number, replace: boolean): void {
  check(name)
  const host = db.prepare('SELECT * FROM host WHERE id = 1').get() as Record<string, unknown> | undefined
  if (!host) throw new StateError('no host to snapshot')
  if (!replace && db.prepare('SELECT 1 FROM snapshots WHERE name = ?').get(name)) {
    throw new StateError(`snapshot '${name}' exists; use --force to replace it`)
  }
  const domains = db.prepare('SELECT domid, name, data FROM domains ORDER BY domid').all() as SnapshotData['domains']
  const con = db.prepare('SELECT text FROM console WHERE id = 1').get() as {text: string} | undefined
  const data: SnapshotData = {host, domains, console: con?.text ?? ''}
  db.prepare(`INSERT OR REPLACE INTO snapshots (name, created_ms, now_ns, domains, data) VALUES (?, ?, ?, ?, ?)`)
    .run(name, createdMs, uptimeNs(host), domains.length, JSON.stringify(data))
}

/** NOW() of the host row: now_ns is relative to the scheduler's epoch (src/hypervisor/time.ts). */
function uptimeNs(host: Record<string, unknown>): bigint {
  const epoch = (JSON.parse(String(host.sched)) as {epochNs?: string}).epochNs
  return BigInt(epoch ?? '0') + BigInt(host.now_ns as number)
}

export function loadSnapshot(db: Db, name: string, wallMs: number): void {
  check(name)
  const row = db.prepare('SELECT data FROM snapshots WHERE name = ?').get(name) as {data: string} | undefined
  if (!row) throw new StateError(`no snapshot named '${name}' (see xl host snapshot list)`)
  const data = JSON.parse(row.data) as SnapshotData
  db.exec('DELETE FROM host; DELETE FROM domains; DELETE FROM console;')
  const h = {...data.host, wall_ms: wallMs}
  db.prepare(`INSERT INTO host (id, config, now_ns, next_domid, rng, sched_params, sched, wall_ms)
              VALUES (1, @config, @now_ns, @next_domid, @rng, @sched_params, @sched, @wall_ms)`).run(h)
  const ins = db.prepare('INSERT INTO domains (domid, name, data) VALUES (?, ?, ?)')
  for (const d of data.domains) ins.run(d.domid, d.name, d.data)
  db.prepare('INSERT INTO console (id, text) VALUES (1, ?)').run(data.console)
}

export function listSnapshots(db: Db): SnapshotInfo[] {
  return (db.prepare('SELECT name, created_ms, now_ns, domains FROM snapshots ORDER BY name').all() as
    {name: string; created_ms: number; now_ns: number; domains: number}[])
    .map(r => ({name: r.name, createdMs: r.created_ms, nowNs: r.now_ns, domains: r.domains}))
}

export function deleteSnapshot(db: Db, name: string): void {
  check(name)
  if (db.prepare('DELETE FROM snapshots WHERE name = ?').run(name).changes === 0) {
    throw new StateError(`no snapshot named '${name}'`)
  }
}
