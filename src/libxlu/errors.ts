/**
 * Error classes of the xl.cfg parser.
 *
 * Both stages' failures carry `.lines`: the exact stderr lines real xl
 * prints (without the trailing newline), in order, and `.exitCode`: the exit
 * status of `xl create` at that point.
 */
export abstract class ConfigFailure extends Error {
  readonly lines: string[]
  readonly exitCode: number

  constructor(lines: string[], exitCode: number) {
    super(lines.join('\n'))
    this.lines = lines
    this.exitCode = exitCode
  }
}

/**
 * The config text did not parse (libxlu's xlu_cfg_readdata returned an
 * error; tools/libs/util/libxlu_cfg.c). `.lines` holds every
 * `<file>:<line>: config parsing error near ...` line, the optional
 * "looks like Python" warning block, and the final
 * `Failed to parse config: Invalid argument` that tools/xl/xl_parse.c
 * parse_config_data prints before exit(1).
 */
export class ConfigParseError extends ConfigFailure {
  /** exitCode: 1; or 134 (SIGABRT) when libxlu hits one of its assert()s. */
  constructor(lines: string[], exitCode = 1) {
    super(lines, exitCode)
    this.name = 'ConfigParseError'
  }
}

/**
 * Internal: an assert() in libxlu_cfg.c failed (real xl prints glibc's
 * message and aborts). Only a NUL byte inside a quoted string gets there.
 */
export class XluAssertionFailure extends Error {
  constructor(
    readonly line: number,
    readonly func: string,
    readonly expr: string,
  ) {
    super(`xl: libxlu_cfg.c:${line}: ${func}: Assertion \`${expr}' failed.`)
    this.name = 'XluAssertionFailure'
  }
}

/**
 * The config parsed but xl rejected a setting (tools/xl/xl_parse.c
 * parse_config_data: `Domain name must be specified.`, `Invalid domain type
 * x.`, ...). `.lines` holds everything xl prints on stderr during that
 * stage, in order: the warnings it emitted before giving up, then the error
 * message(s). Print `.lines` and nothing else.
 */
export class ConfigError extends ConfigFailure {
  constructor(lines: string[], exitCode = 1) {
    super(lines, exitCode)
    this.name = 'ConfigError'
  }
}
