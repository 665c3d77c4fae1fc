// Whether an arm64 Linux guest ends up with its kernel unmapped at EL0 (KPTI),
// and the boot lines that say why. Linux 6.1:
//  - arch/arm64/kernel/kaslr.c kaslr_init(): "KASLR disabled on command line"
//    (nokaslr), "KASLR disabled due to lack of seed" (no kaslr-seed in
//    /chosen, no EFI RNG), else "KASLR enabled": the kernel image moved.
//  - arch/arm64/kernel/cpufeature.c unmap_kernel_at_el0(): `kpti=` forces it
//    ("kpti command line option"); else a moved kernel forces it ON ("KASLR")
//    unless the CPU has E0PD (kaslr_requires_kpti(), asm/mmu.h); else
//    `mitigations=off` forces it OFF; a forced choice is announced as
//    "CPU features: kernel page table isolation forced ON|OFF by <why>"
//    (pr_fmt "CPU features: "); unforced, only CPUs not safe from Meltdown get it.
// A guest's kaslr-seed comes from its device tree: dom0's is the host
// firmware's /chosen copied by Xen, a domU's tree from libxl has only an
// rng-seed (tools/libs/light/libxl_arm.c:497), which KASLR does not use.
import type {Domain} from '../hypervisor/domain.js'
import type {Host} from '../hypervisor/host.js'
import {archOps} from '../hypervisor/arch/index.js'
import type {KernelModel} from './kernels.js'
import {guestArch} from './arch/index.js'

export interface KptiDecision {
  /** arm64_kernel_unmapped_at_el0(): what xen_kernel_unmapped_at_usr() returns. */
  unmappedAtEl0: boolean
  /** The kernel's own boot lines about it, in the order it prints them. */
  lines: string[]
}

/** The words of a kernel command line, as parse_args() splits them (no quoting here). */
function params(cmdline: string): string[] {
  return cmdline.split(/\s+/).filter(Boolean)
}

/** strtobool() of `kpti=`: 1/y/Y/on → true, 0/n/N/off → false, else not understood (the option is ignored). */
function kptiParam(words: string[]): boolean | null {
  let value: boolean | null = null
  for (const w of words) {
    if (!w.startsWith('kpti=')) continue
    const v = w.slice(5).toLowerCase()
    if (['1', 'y', 'yes', 'on'].includes(v)) value = true
    else if (['0', 'n', 'no', 'off'].includes(v)) value = false
  }
  return value
}

/** The guest kernel's command line: dom0's from the host, a domU's from its xl.cfg `extra` (or `cmdline`). */
export function kernelCmdline(d: Domain): string {
  return d.guest.cmdline ?? String(d.config.extra ?? d.config.cmdline ?? '')
}

export function kptiDecision(host: Host, d: Domain, kernel: KernelModel): KptiDecision {
  // Only arm64 kernels with KPTI (Linux 4.16+) decide anything here; x86 PV
  // Linux runs without KPTI (Xen's XPTI protects it) and 4.6 has none.
  if (!guestArch(host.config.arch).kaslrForcesKpti || !kernel.arm64Kpti) return {unmappedAtEl0: false, lines: []}
  const cpu = archOps(host.config.arch).cpuFeatures
  const words = params(kernelCmdline(d))
  const nokaslr = words.includes('nokaslr')
  const seeded = d.guest.kaslrSeed === true
  const moved = seeded && !nokaslr
  const lines: string[] = []
  let forced = 0
  let why = 'kpti command line option'
  const kpti = kptiParam(words)
  if (kpti !== null) forced = kpti ? 1 : -1
  if (moved && !cpu.e0pd && forced === 0) {
    forced = 1
    why = 'KASLR'
  }
  if (words.includes('mitigations=off') && forced === 0) {
    forced = -1
    why = 'mitigations=off'
  }
  if (forced !== 0) lines.push(`CPU features: kernel page table isolation forced ${forced > 0 ? 'ON' : 'OFF'} by ${why}`)
  lines.push(nokaslr ? 'KASLR disabled on command line' : seeded ? 'KASLR enabled' : 'KASLR disabled due to lack of seed')
  return {unmappedAtEl0: forced !== 0 ? forced > 0 : !cpu.meltdownSafe, lines}
}
