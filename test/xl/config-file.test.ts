import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {CONFIG_FILE_MAX_BYTES, readConfigFile, strerror} from '../../src/xl/config-file.js'
import {XlError} from '../../src/libxl/errors.js'

const dir = mkdtempSync(join(tmpdir(), 'xlsim-cfgfile-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

function refused(file: string): [readonly string[], number] {
  try {
    readConfigFile(file)
  } catch (e) {
    if (e instanceof XlError) return [e.lines, e.exitCode]
    throw e
  }
  throw new Error('read')
}

describe('readConfigFile: libxl_read_file_contents and xl\'s "Failed to read config file"', () => {
  it('bytes come back one char per byte, invalid UTF-8 included', () => {
    const f = join(dir, 'bytes.cfg')
    writeFileSync(f, Buffer.from([0x6e, 0x3d, 0xff, 0xc3, 0xa9, 0x0a]))
    expect(readConfigFile(f)).toBe('n=\xff\xc3\xa9\n')
  })
  it('/dev/null is not read (the config comes from key=value arguments)', () => {
    expect(readConfigFile('/dev/null')).toBe('')
  })
  it('a missing file: no libxl line (ENOENT is returned quietly)', () => {
    expect(refused(join(dir, 'none.cfg'))).toEqual([[`Failed to read config file: ${join(dir, 'none.cfg')}: No such file or directory`], 3])
  })
  it('a file past the size cap: "far too large", EFBIG', () => {
    const f = join(dir, 'huge.cfg')
    writeFileSync(f, '')
    truncateSync(f, CONFIG_FILE_MAX_BYTES + 1)
    expect(refused(f)).toEqual([[
      `libxl: error: libxl_utils.c:352:libxl_read_file_contents: file ${f} is far too large`,
      `Failed to read config file: ${f}: File too large`,
    ], 3])
  })
  it('a character device and a directory: not a plain file, ENOTTY', () => {
    expect(refused('/dev/zero')[0][1]).toBe('Failed to read config file: /dev/zero: Inappropriate ioctl for device')
    expect(refused(dir)[0][0]).toBe(`libxl: error: libxl_utils.c:346:libxl_read_file_contents: ${dir} is not a plain file: Success`)
  })
  it('a FIFO is refused without opening it (real xl would block in fopen until a writer came)', () => {
    const fifo = join(dir, 'fifo')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    expect(refused(fifo)).toEqual([[
      `libxl: error: libxl_utils.c:346:libxl_read_file_contents: ${fifo} is not a plain file: Success`,
      `Failed to read config file: ${fifo}: Inappropriate ioctl for device`,
    ], 3])
  })
  it('strerror texts are glibc\'s', () => {
    expect(strerror('EACCES')).toBe('Permission denied')
    expect(strerror('ELOOP')).toBe('Too many levels of symbolic links')
    expect(strerror('ENAMETOOLONG')).toBe('File name too long')
  })
  it('an over-long name fails at open, logged by libxl', () => {
    const name = join(dir, 'x'.repeat(300))
    expect(refused(name)[0]).toEqual([
      `libxl: error: libxl_utils.c:336:libxl_read_file_contents: failed to open ${name}: File name too long`,
      `Failed to read config file: ${name}: File name too long`,
    ])
  })
})
