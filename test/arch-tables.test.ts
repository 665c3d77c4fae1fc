// Per-arch differences live in one table per arch, as Xen keeps them in
// xen/arch/x86 and xen/arch/arm (src/hypervisor/arch) and Linux in arch/x86/xen
// and arch/arm/xen (src/guest/arch): nowhere else tests which arch it runs on.
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TABLES = ['src/hypervisor/arch/', 'src/guest/arch/']

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(`${ROOT}${dir}`)) {
    const rel = `${dir}/${name}`
    if (statSync(`${ROOT}${rel}`).isDirectory()) out.push(...sources(rel))
    else if (/\.tsx?$/.test(name)) out.push(rel)
  }
  return out
}

// An arch name compared or switched on; built from pieces so this file does not match itself.
const NAMES = `'(x86_64|arm64|aarch64|x86|arm)'`
const ARCH_TEST = new RegExp([`[!=]==?\\s*${NAMES}`, `${NAMES}\\s*[!=]==?`, `case\\s+${NAMES}`].join('|'))

function archTests(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => ARCH_TEST.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])
}

describe('per-arch behaviour', () => {
  it('is tested only in the arch tables', () => {
    const files = ['src', 'state', 'commands'].flatMap(sources).filter(f => !TABLES.some(t => f.startsWith(t)))
    expect(files.length).toBeGreaterThan(100)
    expect(files.flatMap(f => archTests(f, readFileSync(`${ROOT}${f}`, 'utf8')))).toEqual([])
  })
  it('catches what it looks for', () => {
    expect(archTests('a.ts', `if (arch === 'x86${''}_64') x()`)).toHaveLength(1)
    expect(archTests('a.ts', `const s = host.config.arch !== 'arm${''}64' ? 1 : 2`)).toHaveLength(1)
    expect(archTests('a.ts', `    case 'aarch${''}64':`)).toHaveLength(1)
    expect(archTests('a.ts', `export type Arch = 'x86${''}_64' | 'arm64'`)).toEqual([])
  })
})
