/**
 * The xl.cfg lexer: a hand-written emulation of the flex scanner generated
 * from Xen's tools/libs/util/libxlu_cfg_l.l (Xen 4.17), including its error
 * reporting (xlu__cfgl_lexicalerror / xlu__cfg_yyerror and the string
 * dequoting xlu__cfgl_dequote in tools/libs/util/libxlu_cfg.c).
 *
 * Rules of libxlu_cfg_l.l, longest match first, ties to the earlier rule:
 *
 *   [a-z][._0-9a-z]*          IDENT
 *   [0-9][0-9a-fx]*           NUMBER            (kept as text)
 *   [ \t]                     skipped
 *   , [ ] += = ;              themselves
 *   \n|\#.*\n                 NEWLINE           (a comment needs its \n)
 *   '...' "..."               STRING            (no raw newline inside)
 *   [+-.():]                  lexerr state, and "looks like Python"
 *   .                         lexerr state
 *   <lexerr>[^ \t\n]*|[ \t]   "lexical error", back to INITIAL
 *   <lexerr>\n                "lexical error", NEWLINE
 *
 * Flex details that show in error messages and are reproduced here:
 * - yytext is whatever the scanner matched last; yymore() in the lexerr
 *   state glues the offending character to the following word, so
 *   `name = "x` reports near `"x'.
 * - yylineno is bumped before a rule's action runs, so the NEWLINE rule
 *   says `first_line = yylineno-1` while a NEWLINE from the lexerr state
 *   (GOT) carries the next line's number.
 * - At end of input yytext is the end-of-buffer NUL (plus any yymore text):
 *   length >= 1, printed as nothing, so errors there read near `'.
 * - A lexerr state still pending at end of input reports nothing.
 */

import {XluAssertionFailure} from './errors.js'

/** Bison symbol numbers (yytname in libxlu_cfg_y.c, bison 3.3.2). */
export const SYM = {
  END: 0,
  ERROR: 1,
  UNDEF: 2,
  IDENT: 3,
  STRING: 4,
  NUMBER: 5,
  NEWLINE: 6,
  OP_ADD: 7,
  EQ: 8,
  SEMI: 9,
  LBRACK: 10,
  RBRACK: 11,
  COMMA: 12,
} as const

export const EINVAL = 22
export const ERANGE = 34

/** Mirrors CfgParseContext (tools/libs/util/libxlu_internal.h). */
export interface CfgParseContext {
  /** config_source: the name used in messages. */
  source: string
  /** errno-style error status; 0 while the parse is clean. */
  err: number
  lexerrlineno: number
  likelyPython: boolean
  /** Lines written to the report stream (stderr). */
  report: string[]
}

export interface Token {
  sym: number
  /** Semantic value: identifier, number text, or dequoted string. */
  value: string | null
  /**
   * yylloc.first_line as the lexer sets it; undefined for end of input,
   * where the lexer leaves yylloc untouched.
   */
  line: number | undefined
}

const isIdentStart = (c: string): boolean => c >= 'a' && c <= 'z'
const isIdentChar = (c: string): boolean =>
  (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '.' || c === '_'
const isDigit = (c: string): boolean => c >= '0' && c <= '9'
const isNumberChar = (c: string): boolean => isDigit(c) || (c >= 'a' && c <= 'f') || c === 'x'
/** [+-.():] in libxlu_cfg_l.l: `+-.` is a range, so ',' is in it too. */
const isPythonish = (c: string): boolean => '+,-.():'.includes(c)

export class Scanner {
  private pos = 0
  private state: 'INITIAL' | 'lexerr' = 'INITIAL'
  /** Text kept by yymore() for the next match. */
  private more = ''
  /** yylineno */
  lineno = 1
  /** yytext (may contain the end-of-buffer NUL at end of input) */
  yytext = ''
  /** No newline at or after this offset (so a `#` there cannot start a comment). */
  private noNewlineFrom = Infinity

  constructor(
    private readonly src: string,
    private readonly ctx: CfgParseContext,
  ) {}

  /** yylex */
  lex(): Token {
    const src = this.src
    for (;;) {
      const pos = this.pos
      if (this.state === 'lexerr') {
        if (pos >= src.length) return this.eof()
        const c = src[pos]!
        if (c === ' ' || c === '\t') {
          this.match(pos + 1)
          lexicalError(this.ctx, this, 'lexical error')
          this.state = 'INITIAL'
          continue
        }
        if (c === '\n') {
          this.match(pos + 1)
          this.lineno++
          lexicalError(this.ctx, this, 'lexical error')
          this.state = 'INITIAL'
          return {sym: SYM.NEWLINE, value: null, line: this.lineno} // GOT(NEWLINE)
        }
        let end = pos
        while (end < src.length && src[end] !== ' ' && src[end] !== '\t' && src[end] !== '\n') end++
        this.match(end)
        lexicalError(this.ctx, this, 'lexical error')
        this.state = 'INITIAL'
        continue
      }

      if (pos >= src.length) return this.eof()
      const c = src[pos]!
      if (isIdentStart(c)) {
        let end = pos + 1
        while (end < src.length && isIdentChar(src[end]!)) end++
        this.match(end)
        return this.got(SYM.IDENT, this.strdup(this.yytext))
      }
      if (isDigit(c)) {
        let end = pos + 1
        while (end < src.length && isNumberChar(src[end]!)) end++
        this.match(end)
        return this.got(SYM.NUMBER, this.strdup(this.yytext))
      }
      if (c === ' ' || c === '\t') {
        this.match(pos + 1)
        continue
      }
      if (c === ',') return this.punct(pos, 1, SYM.COMMA)
      if (c === '[') return this.punct(pos, 1, SYM.LBRACK)
      if (c === ']') return this.punct(pos, 1, SYM.RBRACK)
      if (c === '+' && src[pos + 1] === '=') return this.punct(pos, 2, SYM.OP_ADD)
      if (c === '=') return this.punct(pos, 1, SYM.EQ)
      if (c === ';') return this.punct(pos, 1, SYM.SEMI)
      if (c === '\n') {
        this.match(pos + 1)
        this.lineno++
        return {sym: SYM.NEWLINE, value: null, line: this.lineno - 1}
      }
      if (c === '#' && pos < this.noNewlineFrom) {
        const nl = src.indexOf('\n', pos)
        if (nl < 0) this.noNewlineFrom = pos
        else {
          this.match(nl + 1)
          this.lineno++
          return {sym: SYM.NEWLINE, value: null, line: this.lineno - 1}
        }
        // `\#.*\n` cannot match without the newline: falls to `.` below.
      }
      if (c === '"' || c === "'") {
        const end = matchQuoted(src, pos)
        if (end >= 0) {
          this.match(end)
          return this.got(SYM.STRING, dequote(this.ctx, this, this.yytext))
        }
      }
      if (isPythonish(c)) this.ctx.likelyPython = true
      // BEGIN(lexerr); yymore();
      this.match(pos + 1)
      this.more = this.yytext
      this.state = 'lexerr'
    }
  }

  /** A rule matched up to `end`: set yytext (with any yymore prefix). */
  private match(end: number): void {
    this.yytext = this.more + this.src.slice(this.pos, end)
    this.more = ''
    this.pos = end
  }

  private eof(): Token {
    // YY_DO_BEFORE_ACTION on the end-of-buffer character: yytext is the
    // pending yymore text followed by the EOB NUL.
    this.yytext = this.more + '\0'
    return {sym: SYM.END, value: null, line: undefined}
  }

  private punct(pos: number, len: number, sym: number): Token {
    this.match(pos + len)
    return this.got(sym, null)
  }

  /** GOT(x): yylloc->first_line = yylineno */
  private got(sym: number, value: string | null): Token {
    return {sym, value, line: this.lineno}
  }

  /** xlu__cfgl_strdup: nothing is kept once an error happened. */
  private strdup(s: string): string | null {
    return this.ctx.err ? null : s
  }
}

/**
 * End index of a quoted string starting at `start` (the quote), or -1:
 * \'([^\'\\\n]|\\.)*\' and the double-quoted twin.
 */
function matchQuoted(src: string, start: number): number {
  const q = src[start]!
  let i = start + 1
  while (i < src.length) {
    const c = src[i]!
    if (c === q) return i + 1
    if (c === '\n') return -1
    if (c === '\\') {
      if (i + 1 >= src.length || src[i + 1] === '\n') return -1
      i += 2
      continue
    }
    i++
  }
  return -1
}

/** xlu__cfgl_lexicalerror (libxlu_cfg.c) */
export function lexicalError(ctx: CfgParseContext, scanner: Scanner, msg: string): void {
  const line = scanner.lineno
  yyerror(ctx, scanner, line, msg)
  ctx.lexerrlineno = line
}

/**
 * xlu__cfg_yyerror (libxlu_cfg.c): one line per error, at most one per
 * line after a lexical error on it; a trailing newline in yytext becomes
 * `<newline>` (and takes one off the line number, even for a NEWLINE token
 * whose location already is the newline's own line).
 */
export function yyerror(ctx: CfgParseContext, scanner: Scanner, firstLine: number, msg: string): void {
  let lineno = firstLine
  if (lineno <= ctx.lexerrlineno) return
  const text = scanner.yytext
  let len = text.length
  let newline = ''
  if (len > 0 && text[len - 1] === '\n') {
    len--
    lineno--
    if (!len) newline = '<newline>'
  }
  while (len > 0 && (text[len - 1] === '\t' || text[len - 1] === ' ')) len--
  let shown = text.slice(0, len)
  const nul = shown.indexOf('\0')
  if (nul >= 0) shown = shown.slice(0, nul)
  ctx.report.push(
    `${ctx.source}:${lineno}: config parsing error near ${len ? '`' : ''}${shown}${len ? "'" : ''}${newline}: ${msg}`,
  )
  if (!ctx.err) ctx.err = EINVAL
}

/** C isspace() in the "C" locale, as strtoul skips it. */
const isCSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r'

/**
 * strtoul(numbuf, &ep, base) as far as xlu__cfgl_dequote looks at it:
 * returns how many characters were consumed (ep - numbuf); 0 when no digits.
 */
function strtoulConsumed(s: string, base: 10 | 16): number {
  let i = 0
  while (isCSpace(s[i])) i++
  if (s[i] === '+' || s[i] === '-') i++
  const isDig = (c: string | undefined): boolean =>
    c !== undefined && (base === 10 ? isDigit(c) : /^[0-9a-fA-F]$/.test(c))
  if (base === 16 && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && isDig(s[i + 2])) i += 2
  const digitsStart = i
  while (isDig(s[i])) i++
  return i === digitsStart ? 0 : i
}

/**
 * xlu__cfgl_dequote (libxlu_cfg.c), bugs included:
 * - \" \' \\ \a \b \f \n \r \t \v are the usual characters;
 * - `\x` always fails ("invalid digit after backslash hexnumerical ..."):
 *   the code skips one character too many and then demands more than the
 *   two digits it copies;
 * - `\0`..`\7` read further digits in base 10, need at least two more, and
 *   write nothing;
 * - any other character after a backslash is an error ("... backlash ...").
 * Errors are reported through xlu__cfgl_lexicalerror with yytext = the
 * whole quoted token. A NUL inside the token makes libxlu's assert()s fail
 * (XluAssertionFailure; real xl aborts).
 */
export function dequote(ctx: CfgParseContext, scanner: Scanner, text: string): string | null {
  if (ctx.err) return null
  // C string: a NUL inside the token cuts it, and the asserts then fire.
  const nul = text.indexOf('\0')
  const src = nul >= 0 ? text.slice(0, nul) : text
  if (!(src.length >= 2 && src[0] === src[src.length - 1])) {
    throw new XluAssertionFailure(607, 'xlu__cfgl_dequote', 'len>=2 && src[0]==src[len-1]')
  }
  const end = src.length - 1
  let out = ''
  let p = 1
  const fail = (msg: string): string => {
    lexicalError(ctx, scanner, msg)
    ctx.err = EINVAL
    return out
  }
  while (p < end) {
    const c = src[p++]!
    if (c !== '\\') {
      out += c
      continue
    }
    if (!(p < end)) throw new XluAssertionFailure(619, 'xlu__cfgl_dequote', 'p < src+len-1')
    const nc = src[p++]!
    if (nc === '"' || nc === "'" || nc === '\\') out += nc
    else if (nc === 'a') out += '\x07'
    else if (nc === 'b') out += '\b'
    else if (nc === 'f') out += '\f'
    else if (nc === 'n') out += '\n'
    else if (nc === 'r') out += '\r'
    else if (nc === 't') out += '\t'
    else if (nc === 'v') out += '\v'
    else if (nc === 'x') {
      p++
      // NUMERIC_CHAR(2,2,16,"hex"): ep <= numbuf+2 always holds.
      const numbuf = src.slice(p, p + 2)
      const used = strtoulConsumed(numbuf, 16)
      if (used <= 2) {
        return fail('invalid digit after backslash hexnumerical character escape in quoted string')
      }
      p += used
    } else if (nc >= '0' && nc <= '7') {
      // NUMERIC_CHAR(1,3,10,"octal")
      const numbuf = src.slice(p, p + 3)
      const used = strtoulConsumed(numbuf, 10)
      if (used <= 1) {
        return fail('invalid digit after backslash octalnumerical character escape in quoted string')
      }
      p += used
    } else {
      return fail('invalid character after backlash in quoted string')
    }
  }
  return out
}
