import {describe, expect, it} from 'vitest'
import {decodeKeys} from '../../src/shell/keys.js'

describe('decodeKeys', () => {
  it('splits lines sent back to back into text and submits, in order', () => {
    const d = decodeKeys('domname 1\rdomname 1\rdomname 1\r')
    expect(d.rest).toBe('')
    expect(d.keys).toEqual([
      {kind: 'text', text: 'domname 1'}, {kind: 'submit'},
      {kind: 'text', text: 'domname 1'}, {kind: 'submit'},
      {kind: 'text', text: 'domname 1'}, {kind: 'submit'},
    ])
  })

  it('reads arrows, home/end and delete in CSI, SS3 and vt220 forms', () => {
    const types = decodeKeys('\x1b[A\x1bOB\x1b[C\x1b[D\x1b[H\x1bOF\x1b[1~\x1b[4~\x1b[3~').keys.map(k => (k.kind === 'action' ? k.action.type : k.kind))
    expect(types).toEqual(['up', 'down', 'right', 'left', 'home', 'end', 'home', 'end', 'delete'])
  })

  it('control keys: Ctrl-C, Ctrl-D, Tab, Backspace, Ctrl-U', () => {
    expect(decodeKeys('a\x03\x04\t\x7f\x15').keys).toEqual([
      {kind: 'text', text: 'a'}, {kind: 'cancel'}, {kind: 'eof'}, {kind: 'complete'},
      {kind: 'action', action: {type: 'backspace'}}, {kind: 'action', action: {type: 'kill-before'}},
    ])
  })

  it('keeps an escape sequence cut at the end of a chunk for the next one', () => {
    const a = decodeKeys('ls\x1b[')
    expect(a).toEqual({keys: [{kind: 'text', text: 'ls'}], rest: '\x1b['})
    expect(decodeKeys(`${a.rest}A`).keys).toEqual([{kind: 'action', action: {type: 'up'}}])
  })

  it('drops Alt-keys, unknown sequences and other control characters', () => {
    expect(decodeKeys('\x1bb\x1b[5~\x1b[200~x\x07y').keys).toEqual([{kind: 'text', text: 'xy'}])
  })
})
