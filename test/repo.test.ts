// The suite and the code must work from any clone: no file names a path of
// one machine or the steering repo's shared/ folder beside the clone, and
// comments cite the Xen/Linux sources rather than documents outside the repo.
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Tracked and new files of the code rooms (the captures under test/fixtures are data). */
function codeFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'src', 'test', 'bench', 'state', 'commands', 'bin', 'examples', '.ci'],
    {cwd: ROOT, encoding: 'utf8'})
  return out.split('\n').filter(f => f && !f.startsWith('test/fixtures/'))
}

// Built from pieces so this file does not match itself.
const MACHINE_PATH = new RegExp(['/wo' + 'rk/', '/ho' + 'me/', '/Us' + 'ers/', '/ro' + 'ot/'].join('|'))
const SHARED = new RegExp(['\\.\\./sh' + 'ared', 'sh' + 'ared/(samples|spec)', "'sh" + "ared'"].join('|'))
const OUTSIDE_DOC = new RegExp(['contr' + 'act\\.md', '(runstate|guest|lifecycle)\\.m' + 'd\\b', '[Ii]ss' + 'ue [A-N]\\b'].join('|'))

function offenders(re: RegExp): string[] {
  const hits: string[] = []
  for (const f of codeFiles()) {
    readFileSync(`${ROOT}${f}`, 'utf8').split('\n').forEach((line, i) => {
      if (re.test(line)) hits.push(`${f}:${i + 1}: ${line.trim()}`)
    })
  }
  return hits
}

describe('the repository stands alone', () => {
  it('lists the files it checks', () => {
    expect(codeFiles().length).toBeGreaterThan(100)
  })
  it('names no absolute path of a machine', () => {
    expect(offenders(MACHINE_PATH)).toEqual([])
  })
  it('never reads the shared folder beside the clone', () => {
    expect(offenders(SHARED)).toEqual([])
  })
  it('cites no document outside the repo', () => {
    expect(offenders(OUTSIDE_DOC)).toEqual([])
  })
  it('catches what it looks for', () => {
    expect(MACHINE_PATH.test(`const SAMPLES = '/wo${''}rk/x'`)).toBe(true)
    expect(SHARED.test(`join(ROOT, '..', 'sh${''}ared', 'samples')`)).toBe(true)
    expect(OUTSIDE_DOC.test(`// see cont${''}ract.md`)).toBe(true)
  })
})
