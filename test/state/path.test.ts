// Which file a command uses, and the values refused.
import {describe, expect, it} from 'vitest'
import {join, resolve} from 'node:path'
import {resolveStatePath} from '../../state/path.js'
import {StateError} from '../../state/errors.js'

describe('resolveStatePath', () => {
  const env = {HOME: '/h/u'}
  it('--state, then $XLSIM_STATE, then $XDG_STATE_HOME, then ~/.local/state', () => {
    expect(resolveStatePath('/a.db', {...env, XLSIM_STATE: '/b.db'})).toBe('/a.db')
    expect(resolveStatePath(undefined, {...env, XLSIM_STATE: '/b.db'})).toBe('/b.db')
    expect(resolveStatePath(undefined, {...env, XDG_STATE_HOME: '/x'})).toBe('/x/xlsim/host.db')
    expect(resolveStatePath(undefined, env)).toBe('/h/u/.local/state/xlsim/host.db')
  })

  it('refuses an empty --state rather than falling back to the default host', () => {
    expect(() => resolveStatePath('', {...env, XLSIM_STATE: '/b.db'})).toThrow(StateError)
  })

  it('refuses :memory: from the flag and the environment', () => {
    expect(() => resolveStatePath(':memory:', env)).toThrow(/in-memory database/)
    expect(() => resolveStatePath(undefined, {...env, XLSIM_STATE: ':memory:'})).toThrow(/in-memory database/)
  })

  it('treats empty variables as unset, as the XDG spec does', () => {
    expect(resolveStatePath(undefined, {...env, XLSIM_STATE: '', XDG_STATE_HOME: ''})).toBe('/h/u/.local/state/xlsim/host.db')
  })

  it('makes paths absolute, so a file: name is a file name and not a URI', () => {
    expect(resolveStatePath('h.db', env)).toBe(resolve('h.db'))
    expect(resolveStatePath('file:h.db?mode=memory', env)).toBe(join(process.cwd(), 'file:h.db?mode=memory'))
  })
})
