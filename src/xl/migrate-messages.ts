// xl's fixed migration messages (tools/xl/xl.h): the receiver's banner
// (sent without its NUL), then "ready", the sender's "go", the receiver's
// report (each with its NUL), followed by one status byte (0: running).
export const BANNER = 'xl migration receiver ready, send binary domain data.\n'
export const READY = 'domain received, ready to unpause\0'
export const GO = 'domain is yours, you are cleared to unpause\0'
export const REPORT = 'my copy unpause results are as follows\0'

/** What the receiver calls the stream it restores from (create_domain's restore_source). */
export const INCOMING = '<incoming migration stream>'

/**
 * The variables a sender puts in its transport's environment for xlsim's
 * receiver: the migration's id and the source host's state file, so that
 * each end's record names the other and a crash is resolved from either
 * host (src/xl/migrate-recovery.ts). A receiver without them (a transport
 * that drops the environment) works as xl's, with no such link.
 */
export const ENV_SOURCE = 'XLSIM_MIGRATE_SOURCE'
export const ENV_ID = 'XLSIM_MIGRATE_ID'

/** For the crash tests: die (SIGKILL, no clean-up) right after a step, as a killed process would. */
export function stopAfter(step: string): void {
  if (process.env.XLSIM_MIGRATE_KILL_AFTER === step) process.kill(process.pid, 'SIGKILL')
}
