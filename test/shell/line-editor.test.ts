import {describe, expect, it} from 'vitest'
import {editLine, initialLine, type LineAction, type LineState} from '../../src/shell/line-editor.js'

const history = ['list', 'vm-assist g1']

function run(actions: LineAction[], from: LineState = initialLine(history)): LineState {
  return actions.reduce((s, a) => editLine(s, a, history), from)
}
const type = (text: string): LineAction => ({type: 'insert', text})

describe('line editor', () => {
  it('inserts at the cursor and moves it', () => {
    expect(run([type('lst'), {type: 'left'}, {type: 'left'}, type('i')])).toMatchObject({text: 'list', cursor: 2})
    expect(run([type('ab'), {type: 'home'}, type('x'), {type: 'end'}, type('y')])).toMatchObject({text: 'xaby', cursor: 4})
  })

  it('deletes and kills', () => {
    expect(run([type('list'), {type: 'backspace'}])).toMatchObject({text: 'lis', cursor: 3})
    expect(run([type('list'), {type: 'home'}, {type: 'delete'}])).toMatchObject({text: 'ist', cursor: 0})
    expect(run([type('vm-assist g1'), {type: 'kill-word'}])).toMatchObject({text: 'vm-assist ', cursor: 10})
    expect(run([type('vm-assist g1'), {type: 'left'}, {type: 'kill-before'}])).toMatchObject({text: '1', cursor: 0})
    expect(run([type('vm-assist g1'), {type: 'home'}, {type: 'kill-after'}])).toMatchObject({text: '', cursor: 0})
  })

  it('walks history with up and down, keeping the draft', () => {
    expect(run([type('dr'), {type: 'up'}])).toMatchObject({text: 'vm-assist g1', cursor: 12})
    expect(run([type('dr'), {type: 'up'}, {type: 'up'}, {type: 'up'}])).toMatchObject({text: 'list'})
    expect(run([type('dr'), {type: 'up'}, {type: 'up'}, {type: 'down'}, {type: 'down'}])).toMatchObject({text: 'dr', cursor: 2})
    expect(run([{type: 'down'}])).toMatchObject({text: ''})
  })

  it('takes a completion and shows its matches until the next key', () => {
    const s = run([type('sched'), {type: 'completed', completion: {line: 'sched-', cursor: 6, candidates: ['sched-credit', 'sched-rtds']}}])
    expect(s).toMatchObject({text: 'sched-', cursor: 6, candidates: ['sched-credit', 'sched-rtds']})
    expect(run([type('r')], s)).toMatchObject({text: 'sched-r', candidates: []})
  })

  it('keeps pasted newlines and tabs out of the line', () => {
    expect(run([type('a\tb\nc')])).toMatchObject({text: 'a b c'})
  })
})
