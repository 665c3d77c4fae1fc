import {ConfigParseError, parseConfig} from '../../src/libxlu/index.js'

/** stderr lines of a failing parse (throws if the parse succeeds). */
export function parseErrorLines(text: string, file = 'f.cfg'): string[] {
  try {
    parseConfig(text, file)
  } catch (e) {
    if (e instanceof ConfigParseError) return e.lines
    throw e
  }
  throw new Error(`parsed without error: ${JSON.stringify(text)}`)
}

/** Every message shape the parser can print (documented in the report). */
export const PARSE_ERROR_LINE =
  /^[^\n]+:-?\d+: config parsing error near (`[^\n]*'|<newline>|): (lexical error|syntax error(, unexpected \S+(, expecting \S+( or \S+){0,3})?)?|memory exhausted|invalid character after backlash in quoted string|invalid digit after backslash (hex|octal)numerical character escape in quoted string|can't add \[list\] to "string" or vice versa)$/

export const PYTHON_WARNING = [
  'warning: Config file looks like it contains Python code.',
  'warning:  Arbitrary Python is no longer supported.',
  'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig',
]

export const FAILED = 'Failed to parse config: Invalid argument'
