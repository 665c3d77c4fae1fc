// ARM Linux on Xen: arch/arm/xen/enlighten.c.
import type {GuestArchOps} from './ops.js'
import type {XenVersion} from '../../hypervisor/types.js'

export const arm: GuestArchOps = {
  unamePreempt61: '',
  kernelFlavour: 'arm64',
  bootBanner(_type, xen: XenVersion): string {
    return `Xen ${xen} support found`
  },
  earlyVmAssist(): readonly string[] {
    return []
  },
  preCommonSteal: {stealClock: true, tickStolen: false},
  kaslrForcesKpti: true,
  kptiSkipsRunstate: true,
  entryPointByType: false,
}
