// The command main_migrate (tools/xl/xl_migrate.c) has `sh -c` run for the
// receiving end: with -s '' the <host> argument itself, else
// "exec <sshcommand> <host> xl[ -t][ -T][ -v...] migrate-receive[ -e][ -d][ -p]".
// -t goes on when xl's own -t was given or its stderr is a terminal;
// each global -v lowers minmsglevel from XTL_PROGRESS (4) by one, and the
// receiver gets as many (at most four); -e for -e or -F (not daemonized).

/** minmsglevel_default (xl.h): XTL_PROGRESS in xentoollog.h's order. */
const MINMSGLEVEL_DEFAULT = 4

export interface RuneOptions {
  /** -s: the ssh command ("ssh" when -s is not given). */
  sshCommand: string
  host: string
  /** progress_use_cr || isatty(2) */
  passTty: boolean
  timestamps: boolean
  /** How many global -v. */
  verbose: number
  daemonize: boolean
  debug: boolean
  pauseAfter: boolean
}

export function migrationRune(o: RuneOptions): string {
  if (o.sshCommand === '') return o.host
  const v = Math.min(o.verbose, MINMSGLEVEL_DEFAULT)
  return `exec ${o.sshCommand} ${o.host} xl${o.passTty ? ' -t' : ''}${o.timestamps ? ' -T' : ''}${v ? ` -${'v'.repeat(v)}` : ''}` +
    ` migrate-receive${o.daemonize ? '' : ' -e'}${o.debug ? ' -d' : ''}${o.pauseAfter ? ' -p' : ''}`
}
