// What the migration tests share: the hosts they migrate between, how they
// read where a domain is, and the messages of a migration that succeeds
// (xl_migrate.c and libxl's restore, in order).
import {expect} from 'vitest'
import type {TempHost} from '../helpers/cli.js'

/** A fresh 2-pCPU host with a manual clock, on `arch`. */
export function migrationHost(newHost: () => TempHost, arch = 'x86_64'): TempHost {
  const h = newHost()
  expect(h.xl('host', 'init', '--force', '--arch', arch, '--cpus', '2', '--clock', 'manual').code).toBe(0)
  return h
}

/** Every domain but Domain-0 on a host: "name live|paused|suspended" (suspended: shut down). */
export function domainStates(h: TempHost): string[] {
  const r = h.xl('list')
  expect(r.code, r.stderr).toBe(0)
  return r.stdout.split('\n').slice(2).filter(Boolean).map(l => {
    const state = l.split(/\s+/).at(-2)!
    return `${l.slice(0, 40).trim()} ${state[2] === 'p' ? 'paused' : state[3] === 's' ? 'suspended' : 'live'}`
  })
}

/** The save format's info word (its size varies) masked as N. */
export const maskSaveInfo = (s: string): string => s.replace(/info 0x3\/0x0\/\d+/g, 'info 0x3/0x0/N')

/** stderr of `xl migrate` that succeeds (an x86 PV guest, domain 1, on Xen 4.17), masked by maskSaveInfo. */
export const MIGRATION_SUCCESS = [
  'migration target: Ready to receive domain.',
  'Saving to migration stream new xl format (info 0x3/0x0/N)',
  'xc: info: Saving domain 1, type x86 PV',
  'Loading new save file <incoming migration stream> (new xl fmt info 0x3/0x0/N)',
  ' Savefile contains xl domain config in JSON format',
  'Parsing config from <saved>',
  'xc: info: Found x86 PV domain from Xen 4.17',
  'xc: info: Restoring domain',
  'xc: info: Restore successful',
  'migration target: Transfer complete, requesting permission to start domain.',
  'migration sender: Target has acknowledged transfer.',
  'migration sender: Giving target permission to start.',
  'migration target: Got permission, starting domain.',
  'migration target: Domain started successsfully.',
  'migration sender: Target reports successful startup.',
  'Migration successful.', ''].join('\n')
