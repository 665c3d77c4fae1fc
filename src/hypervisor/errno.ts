// Xen's errno values (xen/include/public/errno.h), returned negated by hypercalls.
export const EPERM = 1
export const ENOENT = 2
export const ESRCH = 3
export const EFAULT = 14
export const EACCES = 13
export const EEXIST = 17
export const ENODEV = 19
export const EINVAL = 22
export const EDOM = 33
export const ERANGE = 34
export const ENOMEM = 12
export const ENOSYS = 38
export const ENXIO = 6
export const EBUSY = 16
export const ENOSPC = 28
export const EADDRNOTAVAIL = 99

const NAMES: Record<number, string> = {
  [EPERM]: 'EPERM', [ENOMEM]: 'ENOMEM', [ENOENT]: 'ENOENT', [ESRCH]: 'ESRCH', [EFAULT]: 'EFAULT', [ENXIO]: 'ENXIO',
  [EEXIST]: 'EEXIST', [ENODEV]: 'ENODEV', [EINVAL]: 'EINVAL', [EDOM]: 'EDOM', [ERANGE]: 'ERANGE', [ENOSYS]: 'ENOSYS',
  [EBUSY]: 'EBUSY', [ENOSPC]: 'ENOSPC', [EADDRNOTAVAIL]: 'EADDRNOTAVAIL',
}

/** "-22 (EINVAL)" for a negative hypercall result, "0" for success. */
export function describeResult(rc: number): string {
  if (rc >= 0) return String(rc)
  const name = NAMES[-rc]
  return name ? `${rc} (${name})` : String(rc)
}

/** A hypercall or domctl failed with -rc; callers turn it into xl's message. */
export class HypervisorError extends Error {
  constructor(readonly rc: number, message: string) {
    super(message)
  }
}
