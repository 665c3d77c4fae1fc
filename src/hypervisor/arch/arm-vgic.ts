// Guest writes to the emulated GICv3 (xen/arch/arm/vgic-v3.c) that Xen
// reports: the distributor's and the redistributor SGI frame's registers
// share __vgic_v3_distr_common_mmio_write(), which ignores writes to
// I[SC]ACTIVER<n> with an error line naming the frame ("vGICD", "vGICR: SGI"),
// the value (%#"PRIregister": %#016lx on arm64) and the register's byte
// offset (vgic-v3.c:827-837).
import type {Host} from '../host.js'
import type {Domain} from '../domain.js'
import {xenLog} from '../console.js'

export const GICD_ISACTIVER = 0x300
export const GICD_ICACTIVER = 0x380
const GICD_ACTIVER_LEN = 0x80

/** The host GIC's interrupt lines: QEMU's virt board, 256 SPIs. */
const HOST_GIC_LINES = 288

/**
 * vgic.nr_spis: dom0 gets the host's (min(gic_number_lines(), 992) - 32,
 * domain_build.c:4050); a domU what libxl asks for (libxl_arm.c:150): none
 * without a vuart, virtio-mmio or passed-through interrupt.
 */
export function vgicNrSpis(d: Domain): number {
  return d.domid === 0 ? Math.min(HOST_GIC_LINES, 992) - 32 : 0
}

/** GICD_TYPER.ITLinesNumber as the guest reads it (vgic-v3.c:1124): DIV_ROUND_UP(nr_spis, 32). */
export function gicdTyperItLines(d: Domain): number {
  return Math.ceil(vgicNrSpis(d) / 32)
}

function hex016(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(14, '0')}`
}

/** A 32-bit write by a guest vCPU at `reg` in the distributor or its redistributor's SGI frame. */
export function vgicV3Write(host: Host, caller: {domid: number; vcpuId: number}, frame: 'vGICD' | 'vGICR: SGI', reg: number, value: number): void {
  const who = `d${caller.domid}v${caller.vcpuId}`
  for (const [base, name] of [[GICD_ISACTIVER, 'ISACTIVER'], [GICD_ICACTIVER, 'ICACTIVER']] as const) {
    if (reg >= base && reg < base + GICD_ACTIVER_LEN) {
      xenLog(host.console, `${who}: ${frame}: unhandled word write ${hex016(value)} to ${name}${reg - base}`)
    }
  }
}
