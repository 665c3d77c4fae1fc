// The real Xen 4.17 captures kept in the repo (test/fixtures/xen-4.17/, see
// its README), found relative to this file so the suite runs from any clone.
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

export const XEN_417_FIXTURES = fileURLToPath(new URL('../fixtures/xen-4.17/', import.meta.url))

/** One file of a capture: `fixture('x86-credit', '015-top', 'out')`. */
export function fixture(set: 'x86-pv' | 'x86-credit' | 'arm64', name: string, ext: 'cmd' | 'out' | 'err' | 'rc'): string {
  return readFileSync(`${XEN_417_FIXTURES}${set}/${name}.${ext}`, 'utf8')
}
