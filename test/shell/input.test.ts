import {EventEmitter} from 'node:events'
import {describe, expect, it} from 'vitest'
import {TerminalInput} from '../../src/shell/input.js'
import {applyKey, initialLine} from '../../src/shell/line-editor.js'
import type {Key} from '../../src/shell/keys.js'

class FakeStdin extends EventEmitter {
  raw: boolean[] = []
  setRawMode(on: boolean) { this.raw.push(on); return this }
  setEncoding() { return this }
  resume() { return this }
  pause() { return this }
}

function input(): {stdin: FakeStdin; keys: TerminalInput} {
  const stdin = new FakeStdin()
  const keys = new TerminalInput(stdin as unknown as NodeJS.ReadStream)
  keys.attach()
  return {stdin, keys}
}

async function take(keys: TerminalInput, n: number): Promise<Key[]> {
  const out: Key[] = []
  for (let i = 0; i < n; i++) out.push(await keys.next())
  return out
}

describe('TerminalInput', () => {
  it('queues every key of every chunk, in order, until a prompt asks', async () => {
    const {stdin, keys} = input()
    expect(stdin.raw).toEqual([true])
    stdin.emit('data', 'domname 1\rdomname 1\r')
    stdin.emit('data', 'domname 1\r')
    expect(await take(keys, 6)).toEqual([
      {kind: 'text', text: 'domname 1'}, {kind: 'submit'}, {kind: 'text', text: 'domname 1'}, {kind: 'submit'},
      {kind: 'text', text: 'domname 1'}, {kind: 'submit'},
    ])
  })

  it('a key arriving while a prompt waits wakes it', async () => {
    const {stdin, keys} = input()
    const k = keys.next()
    stdin.emit('data', 'x')
    expect(await k).toEqual({kind: 'text', text: 'x'})
  })

  it('Ctrl-C while a command runs stops it once and drops the keys typed before it, not after', async () => {
    const {stdin, keys} = input()
    let stops = 0
    let finish!: () => void
    const running = keys.interruptible(() => void stops++, () => new Promise<void>(r => (finish = r)))
    stdin.emit('data', 'list\r')
    stdin.emit('data', '\x03info\r\x03')
    finish()
    await running
    expect(stops).toBe(1)
    expect(await take(keys, 3)).toEqual([{kind: 'text', text: 'info'}, {kind: 'submit'}, {kind: 'cancel'}])
  })

  it('at the prompt Ctrl-C is a key; the end of stdin reads as Ctrl-D; detach gives the terminal back', async () => {
    const {stdin, keys} = input()
    stdin.emit('data', '\x03')
    expect(await keys.next()).toEqual({kind: 'cancel'})
    stdin.emit('end')
    expect(await keys.next()).toEqual({kind: 'eof'})
    keys.detach()
    expect(stdin.raw).toEqual([true, false])
    expect(stdin.listenerCount('data')).toBe(0)
  })
})

describe('applyKey', () => {
  const complete = (line: string, cursor: number) => ({line, cursor, candidates: []})
  it('Enter ends the line; Ctrl-D ends an empty line and deletes in a non-empty one', () => {
    let s = applyKey(initialLine([]), {kind: 'text', text: 'ab'}, [], complete).state
    s = applyKey(s, {kind: 'action', action: {type: 'home'}}, [], complete).state
    const d = applyKey(s, {kind: 'eof'}, [], complete)
    expect(d).toMatchObject({state: {text: 'b'}, done: null})
    expect(applyKey(d.state, {kind: 'submit'}, [], complete).done).toEqual({kind: 'line', text: 'b'})
    expect(applyKey(initialLine([]), {kind: 'eof'}, [], complete).done).toEqual({kind: 'eof'})
  })
})
