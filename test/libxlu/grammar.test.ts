import {describe, expect, it} from 'vitest'
import {ConfigParseError, findSetting, getLong, parseConfig, type ConfigValue} from '../../src/libxlu/index.js'
import {FAILED, parseErrorLines, PYTHON_WARNING} from './helpers.js'

/** Compact view of a value: strings as-is (numbers prefixed with #), lists as arrays. */
type Shape = string | Shape[]
const shape = (v: ConfigValue): Shape =>
  v.kind === 'string' ? (v.isNumber ? `#${v.value}` : v.value) : v.items.map(shape)
const settingsOf = (text: string): [string, string, Shape, number][] =>
  parseConfig(text, 'f.cfg').settings.map((s) => [s.name, s.op, shape(s.value), s.line])

describe('libxlu grammar: accepted input', () => {
  const cases: [string, string, [string, string, Shape, number][]][] = [
    ['empty file', '', []],
    ['only newlines and comments', '\n# c\n\n  # d\n', []],
    ['string, double quotes', 'name = "vm1"\n', [['name', 'assign', 'vm1', 1]]],
    ['string, single quotes', "name = 'vm1'\n", [['name', 'assign', 'vm1', 1]]],
    ['number kept as text', 'memory = 512\n', [['memory', 'assign', '#512', 1]]],
    ['hex number text', 'x = 0x1f\n', [['x', 'assign', '#0x1f', 1]]],
    ['number token takes [0-9a-fx]*', 'x = 12abc\n', [['x', 'assign', '#12abc', 1]]],
    ['no trailing newline', 'name = "a"', [['name', 'assign', 'a', 1]]],
    ['semicolon separators', 'a = 1; b = 2;c=3\n', [['a', 'assign', '#1', 1], ['b', 'assign', '#2', 1], ['c', 'assign', '#3', 1]]],
    ['empty statements', ';;\n;a = 1;;\n', [['a', 'assign', '#1', 2]]],
    ['comment after value', 'a = "x" # note\nb = 2\n', [['a', 'assign', 'x', 1], ['b', 'assign', '#2', 2]]],
    ['key with dots and underscores', 'vif.default.script_x = "s"\n', [['vif.default.script_x', 'assign', 's', 1]]],
    ['empty list', 'l = []\n', [['l', 'assign', [], 1]]],
    ['list', 'l = [ "a", 1 ]\n', [['l', 'assign', ['a', '#1'], 1]]],
    ['list with trailing comma', 'l = [ "a", "b", ]\n', [['l', 'assign', ['a', 'b'], 1]]],
    ['list over lines', 'l = [\n  "a",\n  "b",\n]\nm = 1\n', [['l', 'assign', ['a', 'b'], 1], ['m', 'assign', '#1', 5]]],
    ['list with comments inside', 'l = [ # first\n "a", # x\n]\n', [['l', 'assign', ['a'], 1]]],
    ['nested lists', 'l = [ [ "a", [] ], "b" ]\n', [['l', 'assign', [['a', []], 'b'], 1]]],
    ['tabs', '\tname\t=\t"a"\t\n', [['name', 'assign', 'a', 1]]],
    ['line of a value is its first token', 'a = [\n\n "x" ]\n', [['a', 'assign', ['x'], 1]]],
    ['+= without earlier value', 'extra += "x"\n', [['extra', 'add', 'x', 1]]],
    ['duplicate keys are all kept', 'a = 1\na = 2\n', [['a', 'assign', '#1', 1], ['a', 'assign', '#2', 2]]],
  ]
  it.each(cases)('%s', (_name, text, expected) => {
    expect(settingsOf(text)).toEqual(expected)
  })

  it('+= concatenates strings', () => {
    const cfg = parseConfig('extra = "a"\nextra += " b"\nextra += \'c\'\n', 'f.cfg')
    expect(shape(cfg.settings.at(-1)!.value)).toBe('a bc')
  })
  it('+= concatenates lists and empties the earlier one (xlu__cfg_concat_vals)', () => {
    const cfg = parseConfig('l = [ "a" ]\nl += [ "b", "c" ]\n', 'f.cfg')
    expect(cfg.settings.map((s) => shape(s.value))).toEqual([[], ['a', 'b', 'c']])
  })
})

describe('libxlu dequote', () => {
  const cases: [string, string][] = [
    ['"a\\"b"', 'a"b'],
    ["'a\\'b'", "a'b"],
    ['"a\'b"', "a'b"],
    ["'a\"b'", 'a"b'],
    ['"\\\\"', '\\'],
    ['"\\a\\b\\f\\n\\r\\t\\v"', '\x07\b\f\n\r\t\v'],
    ['"#not a comment"', '#not a comment'],
    // octal escapes: base-10 digits are consumed and nothing is written
    ['"x\\101y"', 'xy'],
    ['"x\\012"', 'x'],
  ]
  it.each(cases)('%s', (quoted, expected) => {
    const cfg = parseConfig(`s = ${quoted}\n`, 'f.cfg')
    expect(shape(cfg.settings[0]!.value)).toBe(expected)
  })
})

describe('error texts', () => {
  const cases: [string, string, string[]][] = [
    // the real capture 058 (see capture.test.ts)
    ['unterminated string', 'name = "x\n', ['f.cfg:1: config parsing error near `"x\': lexical error']],
    ['unterminated string at EOF', 'name = "x', ['f.cfg:1: config parsing error near `"x\': lexical error']],
    ['unterminated string with more words (trailing blank trimmed)', 'name = "a b\n', ['f.cfg:1: config parsing error near `"a\': lexical error']],
    ['lone quote at end of line', 'a = "\n', ['f.cfg:1: config parsing error near `"\': lexical error']],
    ['lone quote at end of input: lexerr pending, then $end', 'a = "', [
      'f.cfg:1: config parsing error near `"\': syntax error, unexpected $end, expecting STRING or NUMBER or \'[\'',
    ]],
    ['upper-case key', 'Name = 3\n', ['f.cfg:1: config parsing error near `Name\': lexical error']],
    ['upper-case hex digits', 'a = 0x1F\n', ['f.cfg:1: config parsing error near `F\': lexical error']],
    ['junk character', 'a = 1 @x\n', ['f.cfg:1: config parsing error near `@x\': lexical error']],
    ['comment without final newline', 'a = 1\n# end', ['f.cfg:2: config parsing error near `#\': lexical error']],
    ['CRLF line endings', 'a = 1\r\n', ['f.cfg:1: config parsing error near `\r\': lexical error']],
    ['second value on the line', 'name = "a" b\n', [
      "f.cfg:1: config parsing error near `b': syntax error, unexpected IDENT, expecting $end",
    ]],
    ['two strings', 'a = "x" "y"\n', [
      'f.cfg:1: config parsing error near `"y"\': syntax error, unexpected STRING, expecting $end',
    ]],
    ['two numbers', 'vcpus = 2 3\n', [
      "f.cfg:1: config parsing error near `3': syntax error, unexpected NUMBER, expecting $end",
    ]],
    ['missing value (newline: bison location then yyerror both step back a line)', 'a = 1\nname =\n', [
      "f.cfg:1: config parsing error near <newline>: syntax error, unexpected NEWLINE, expecting STRING or NUMBER or '['",
    ]],
    ['missing value before a comment', 'name = # c\n', [
      "f.cfg:0: config parsing error near `# c': syntax error, unexpected NEWLINE, expecting STRING or NUMBER or '['",
    ]],
    ['missing value before ;', '\n\n  a = ; \n', [
      "f.cfg:3: config parsing error near `;': syntax error, unexpected ';', expecting STRING or NUMBER or '['",
    ]],
    ['missing value at EOF', 'a =', [
      "f.cfg:1: config parsing error near `': syntax error, unexpected $end, expecting STRING or NUMBER or '['",
    ]],
    ['key alone at EOF', 'name', [
      "f.cfg:1: config parsing error near `': syntax error, unexpected $end, expecting += or '='",
    ]],
    ['key alone on a line', 'name\n', [
      "f.cfg:0: config parsing error near <newline>: syntax error, unexpected NEWLINE, expecting += or '='",
    ]],
    ['missing key', '= 3\n', [
      "f.cfg:1: config parsing error near `=': syntax error, unexpected '=', expecting $end or IDENT or NEWLINE or ';'",
    ]],
    ['value without key', '"x"\n', [
      'f.cfg:1: config parsing error near `"x"\': syntax error, unexpected STRING, expecting $end or IDENT or NEWLINE or \';\'',
    ]],
    ['==', 'a == 1\n', [
      "f.cfg:1: config parsing error near `=': syntax error, unexpected '=', expecting STRING or NUMBER or '['",
    ]],
    ['list without commas', 'a = [ 1 2 ]\n', [
      "f.cfg:1: config parsing error near `2': syntax error, unexpected NUMBER, expecting ']'",
    ]],
    ['double comma', 'a = [ 1, , 2 ]\n', [
      "f.cfg:1: config parsing error near `,': syntax error, unexpected ',', expecting ']'",
    ]],
    // LALR default reductions (valuelist: empty) shrink the expected list.
    ['leading comma', 'a = [ , 2 ]\n', [
      "f.cfg:1: config parsing error near `,': syntax error, unexpected ',', expecting ']'",
    ]],
    ['unclosed list', 'a = [ 1,\n', [
      "f.cfg:1: config parsing error near `': syntax error, unexpected $end, expecting ']'",
    ]],
    ['stray ]', 'a = ]\n', [
      "f.cfg:1: config parsing error near `]': syntax error, unexpected ']', expecting STRING or NUMBER or '['",
    ]],
    ['bad escape', 'name = "\\q"\n', [
      'f.cfg:1: config parsing error near `"\\q"\': invalid character after backlash in quoted string',
    ]],
    ['hex escape (always rejected by libxlu)', 'name = "\\x41"\n', [
      'f.cfg:1: config parsing error near `"\\x41"\': invalid digit after backslash hexnumerical character escape in quoted string',
    ]],
    ['short octal escape', 'name = "\\12"\n', [
      'f.cfg:1: config parsing error near `"\\12"\': invalid digit after backslash octalnumerical character escape in quoted string',
    ]],
    ['+= string to list', 'a = "x"\na += [ "y" ]\n', [
      'f.cfg:2: config parsing error near `]\': can\'t add [list] to "string" or vice versa',
    ]],
    ['+= list to string', 'a = [ "x" ]\na += "y"\n', [
      'f.cfg:2: config parsing error near `"y"\': can\'t add [list] to "string" or vice versa',
    ]],
  ]
  it.each(cases)('%s', (_name, text, expected) => {
    expect(parseErrorLines(text)).toEqual([...expected, FAILED])
  })

  it('Python-looking input adds the warning block', () => {
    expect(parseErrorLines('memory = 512 + 256\n')).toEqual([
      "f.cfg:1: config parsing error near `+': lexical error",
      ...PYTHON_WARNING,
      FAILED,
    ])
    expect(parseErrorLines("disk = ['a'] + ('b',)\n")).toEqual([
      "f.cfg:1: config parsing error near `+': lexical error",
      ...PYTHON_WARNING,
      FAILED,
    ])
    // the parser sees `vm` first, then the lexer trips on `-1`
    expect(parseErrorLines('name = vm-1\n')).toEqual([
      "f.cfg:1: config parsing error near `vm': syntax error, unexpected IDENT, expecting STRING or NUMBER or '['",
      "f.cfg:1: config parsing error near `-1': lexical error",
      ...PYTHON_WARNING,
      FAILED,
    ])
  })

  it('bare words are identifiers, so an unquoted value is a syntax error', () => {
    expect(parseErrorLines('type = pv\n')).toEqual([
      "f.cfg:1: config parsing error near `pv': syntax error, unexpected IDENT, expecting STRING or NUMBER or '['",
      FAILED,
    ])
  })

  it('error recovery: one message per bad line, statements in between parse', () => {
    expect(parseErrorLines('a = 1\nb = = 2\nc = 3\nd = ]\ne = 5\n')).toEqual([
      "f.cfg:2: config parsing error near `=': syntax error, unexpected '=', expecting STRING or NUMBER or '['",
      "f.cfg:4: config parsing error near `]': syntax error, unexpected ']', expecting STRING or NUMBER or '['",
      FAILED,
    ])
  })

  it('a second error within three tokens of recovery is not reported (bison yyerrstatus)', () => {
    expect(parseErrorLines('a = =\n= 1\n')).toEqual([
      "f.cfg:1: config parsing error near `=': syntax error, unexpected '=', expecting STRING or NUMBER or '['",
      FAILED,
    ])
  })

  it('after a lexical error, nothing more is reported for that line', () => {
    expect(parseErrorLines('a = @ = = ]\nb = ]\n')).toEqual([
      "f.cfg:1: config parsing error near `@': lexical error",
      "f.cfg:2: config parsing error near `]': syntax error, unexpected ']', expecting STRING or NUMBER or '['",
      FAILED,
    ])
  })

  it('each lexical error on its own line is reported', () => {
    expect(parseErrorLines('a = "x\nb = "y\n')).toEqual([
      'f.cfg:1: config parsing error near `"x\': lexical error',
      'f.cfg:2: config parsing error near `"y\': lexical error',
      FAILED,
    ])
  })

  it('nesting deeper than bison\'s stack limit: memory exhausted', () => {
    const lines = parseErrorLines(`a = ${'['.repeat(6000)}\n`)
    expect(lines).toEqual(["f.cfg:1: config parsing error near `[': memory exhausted", FAILED])
  })

  it('ConfigParseError carries exit code 1', () => {
    try {
      parseConfig('x', 'f.cfg')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigParseError)
      expect((e as ConfigParseError).exitCode).toBe(1)
    }
  })
})

describe('+= on lists and repeated names at scale', () => {
  it('50,000 `vif +=` lines interleaved with other keys keep every item, in order', () => {
    const lines: string[] = []
    for (let i = 0; i < 50_000; i++) lines.push(`vif += [ "mac=${i}" ]`, `k${i % 7} = ${i}`)
    const cfg = parseConfig(`${lines.join('\n')}\n`, 'f.cfg')
    const vif = findSetting(cfg, 'vif')!
    expect(vif.value.kind).toBe('list')
    const items = vif.value.kind === 'list' ? vif.value.items : []
    expect(items.length).toBe(50_000)
    expect(items[0]).toMatchObject({kind: 'string', value: 'mac=0'})
    expect(items[49_999]).toMatchObject({kind: 'string', value: 'mac=49999'})
    // Earlier statements were emptied, as xlu__cfg_concat_vals leaves them.
    const first = cfg.settings.find(s => s.name === 'vif')!
    expect(first.value.kind === 'list' && first.value.items.length).toBe(0)
    expect(getLong(cfg, 'k3')).toEqual({ok: true, value: 49_997})
  })

  it('many `#` on a last line without a newline are lexical errors, one report for the line', () => {
    expect(() => parseConfig(`a = 1\n${'# '.repeat(100_000)}`, 'f.cfg')).toThrow(/f\.cfg:2: config parsing error near `#': lexical error/)
  })
})
