// Which process runs a migration, and whether it still does: its pid and
// its start time (field 22 of /proc/<pid>/stat, clock ticks since boot), so
// that a pid the kernel handed to a new process is not taken for it.
import {readFileSync} from 'node:fs'
import type {Owner} from '../libxl/migrate.js'

function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    // The command name (field 2) may hold spaces and parentheses: count from its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

export function currentOwner(): Owner {
  return {pid: process.pid, start: startTime(process.pid) ?? ''}
}

export function ownerAlive(o: Owner): boolean {
  if (o.pid === process.pid) return true
  const start = startTime(o.pid)
  if (start !== null) return start === o.start
  // No /proc: only whether the pid exists.
  try {
    process.kill(o.pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
