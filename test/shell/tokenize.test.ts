import {describe, expect, it} from 'vitest'
import {quoteWord, scanWords, tokenize} from '../../src/shell/tokenize.js'

describe('tokenize: sh quoting', () => {
  it.each([
    ['list', ['list']],
    ['  vm-assist   g1  enable 5  ', ['vm-assist', 'g1', 'enable', '5']],
    ['', []],
    ['   ', []],
    ['# a comment', []],
    ['list # trailing comment', ['list']],
    ['rename a#b c', ['rename', 'a#b', 'c']],
    [`create 'my guest.cfg'`, ['create', 'my guest.cfg']],
    [`create "my guest.cfg" 'name="x y"'`, ['create', 'my guest.cfg', 'name="x y"']],
    [`echo "a \\"b\\" \\\\ \\$ \\x"`, ['echo', 'a "b" \\ $ \\x']],
    [`echo 'a\\b'`, ['echo', 'a\\b']],
    [`echo a\\ b \\'c`, ['echo', 'a b', "'c"]],
    [`echo ''`, ['echo', '']],
    [`echo x""y'z'`, ['echo', 'xyz']],
    [`echo '#not a comment'`, ['echo', '#not a comment']],
    ['a\tb', ['a', 'b']],
  ])('%j', (line, words) => {
    expect(tokenize(line)).toEqual({ok: true, words})
  })

  it.each([
    [`create 'guest.cfg`, 'unterminated single quote'],
    [`create "guest.cfg`, 'unterminated double quote'],
    [`echo "a \\"`, 'unterminated double quote'],
    ['echo a\\', 'line ends with a backslash'],
  ])('bad input %j', (line, error) => {
    expect(tokenize(line)).toEqual({ok: false, error})
  })

  it('records where each word starts and ends, and an open quote', () => {
    const t = scanWords(`vm-assist "Dom`)
    expect(t.words).toEqual([{text: 'vm-assist', start: 0, end: 9}, {text: 'Dom', start: 10, end: 14}])
    expect(t.openQuote).toBe('"')
    expect(scanWords('list ').atWordBoundary).toBe(true)
    expect(scanWords('list').atWordBoundary).toBe(false)
  })

  it.each(['plain', 'with space', "it's", '', 'a"b', '$x', 'tab\there'])('quoteWord round-trips %j', word => {
    expect(tokenize(`cmd ${quoteWord(word)}`)).toEqual({ok: true, words: ['cmd', word]})
  })
})
