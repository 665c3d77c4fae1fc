// xl's save-file header and xlsim's domain stream: round trip, and every
// way a file can be wrong refused with its line.
import {describe, expect, it} from 'vitest'
import {encodeHeader, HEADER_SIZE, readSaveFile, SAVEFILE_MAGIC} from '../../src/xl/savefile.js'
import {decodeStream, encodeStream, type SavedDomain} from '../../src/libxl/stream.js'

function lines(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('did not throw')
}

describe("xl's save-file header", () => {
  it('has the real magic, byte order marker and flags (JSON | STREAMv2), config with its NUL', () => {
    const {bytes, header} = encodeHeader('{"c_info": {}}\n')
    expect(bytes.subarray(0, 32).toString('latin1')).toBe('Xen saved domain, xl format\n \0 \r')
    expect([...bytes.subarray(32, 36)]).toEqual([4, 3, 2, 1])
    expect(header).toEqual({mandatoryFlags: 3, optionalFlags: 0, optionalDataLen: 4 + 16})
    expect(bytes.readUInt32LE(HEADER_SIZE)).toBe(16)
    expect(bytes[bytes.length - 1]).toBe(0)
  })

  it('reads back what it wrote, with the lines create_domain prints', () => {
    const {bytes} = encodeHeader('{"a": 1}\n')
    const said: string[] = []
    const r = readSaveFile(Buffer.concat([bytes, Buffer.from('STREAM')]), 'f.chk', l => said.push(l))
    expect(said).toEqual(['Loading new save file f.chk (new xl fmt info 0x3/0x0/14)', ' Savefile contains xl domain config in JSON format'])
    expect(r.configJson).toBe('{"a": 1}\n')
    expect(r.stream.toString()).toBe('STREAM')
  })

  it('refuses a bad file with xl\'s own line', () => {
    const {bytes} = encodeHeader('{"a": 1}\n')
    const say = () => {}
    expect(lines(() => readSaveFile(bytes.subarray(0, 20), 'f', say))).toMatch(
      /^libxl: error: libxl_utils.c:505:libxl_read_exactly: file\/stream truncated reading header from f\nxl: fatal error: xl_vmcontrol.c:713: Protocol error: /)
    const magic = Buffer.from(bytes)
    magic[0] = 0x59
    expect(lines(() => readSaveFile(magic, 'f', say))).toBe('File has wrong magic number - corrupt or for a different tool?')
    const order = Buffer.from(bytes)
    order.writeUInt32BE(0x01020304, 32)
    expect(lines(() => readSaveFile(order, 'f', say))).toBe('File has wrong byte order')
    const flags = Buffer.from(bytes)
    flags.writeUInt32LE(0x13, 36)
    expect(lines(() => readSaveFile(flags, 'f', say))).toBe('Savefile has mandatory flag(s) 0x10 which are not supported; need newer xl')
    expect(lines(() => readSaveFile(bytes.subarray(0, HEADER_SIZE + 5), 'f', say))).toMatch(/truncated reading optdata from f/)
    const shortConfig = Buffer.from(bytes)
    shortConfig.writeUInt32LE(999, HEADER_SIZE)
    expect(lines(() => readSaveFile(shortConfig, 'f', say))).toBe('Savefile truncated.')
    expect(SAVEFILE_MAGIC.length).toBe(32)
  })
})

describe("xlsim's domain stream", () => {
  const saved = {arch: 'x86_64', xen: '4.17', name: 'g', vcpus: [], guest: {}} as unknown as SavedDomain
  const good = encodeStream(saved)

  it('round-trips', () => {
    expect(decodeStream(good, 'f', 'x86_64')).toEqual(saved)
  })

  it('refuses damage, truncation, trailing bytes, other versions and the other arch, naming the source', () => {
    const flip = Buffer.from(good)
    flip[flip.length - 3] ^= 1
    expect(lines(() => decodeStream(flip, 'f', 'x86_64'))).toBe('xl: f: domain stream damaged (checksum mismatch)')
    expect(lines(() => decodeStream(good.subarray(0, good.length - 1), 'f', 'x86_64'))).toMatch(/^xl: f: domain stream truncated \(\d+ of \d+ bytes\)$/)
    expect(lines(() => decodeStream(good.subarray(0, 30), 'f', 'x86_64'))).toBe('xl: f: domain stream truncated (header)')
    expect(lines(() => decodeStream(Buffer.concat([good, Buffer.from('x')]), 'f', 'x86_64'))).toBe('xl: f: 1 bytes of trailing data after the domain stream')
    expect(lines(() => decodeStream(Buffer.alloc(0), 'f', 'x86_64'))).toMatch(/no domain stream after the xl header/)
    expect(lines(() => decodeStream(Buffer.from('garbage that is long enough to be a header....................'), 'f', 'x86_64'))).toMatch(/not one xlsim wrote/)
    const v2 = Buffer.from(good)
    v2.writeUInt32LE(2, 16)
    expect(lines(() => decodeStream(v2, 'f', 'x86_64'))).toBe('xl: f: domain stream version 2, this xlsim reads version 1')
    expect(lines(() => decodeStream(good, 'f', 'arm64'))).toBe('xl: f: domain saved on an x86_64 host cannot be restored on this arm64 host')
  })
})
