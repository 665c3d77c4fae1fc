// Whether a failure is only another xl process holding the host's write
// lock past the busy timeout (state/store.ts BUSY_TIMEOUT_MS). Long-running
// commands (xl top, xl shell) ride through that instead of ending.
import {StateError} from '../../state/errors.js'

export function isHostBusy(e: unknown): boolean {
  return e instanceof StateError && /\block(ed)? by another xl process\b/.test(e.message)
}
