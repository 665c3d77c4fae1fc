// xl's save-file header and xlsim's domain stream: round trip, and every
// way a file can be wrong refused with its line.
import {describe, expect, it} from 'vitest'
import {encodeHeader, HEADER_SIZE, readSaveFile, SAVEFILE_MAGIC} from '../../src/xl/savefile.js'
import {decodeStream, encodeStream, EMULATOR_QEMU_UPSTREAM, type SavedDomain} from '../../src/libxl/stream.js'
import {createHash} from 'node:crypto'

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

/** A stream in the given version with `body` (checksummed as encodeStream does). */
function streamOf(version: number, body: Buffer): Buffer {
  const head = Buffer.alloc(56)
  head.write('xlsim-domain-sr\n', 0, 'latin1')
  head.writeUInt32LE(version, 16)
  head.writeUInt32LE(body.length, 20)
  createHash('sha256').update(body).digest().copy(head, 24)
  return Buffer.concat([head, body])
}

describe("xlsim's domain stream: libxl's records", () => {
  const domain = {arch: 'x86_64', xen: '4.17', name: 'h', type: 'hvm', vcpus: [], guest: {}} as unknown as SavedDomain
  const emulator = {id: EMULATOR_QEMU_UPSTREAM, index: 0, state: {drives: [{vdev: 'hdc', cdrom: true, medium: '/x.iso'}], nics: []}}

  it('LIBXC_CONTEXT, EMULATOR_CONTEXT behind its emulator sub-header, END; each 8-byte aligned', () => {
    const bytes = encodeStream({...domain, emulator})
    const body = bytes.subarray(56)
    expect(body.readUInt32LE(0)).toBe(1)
    const len1 = body.readUInt32LE(4)
    const at = 8 + Math.ceil(len1 / 8) * 8
    expect(body.readUInt32LE(at)).toBe(3)
    expect(body.readUInt32LE(at + 8)).toBe(2) // EMULATOR_QEMU_UPSTREAM
    expect(body.readUInt32LE(at + 12)).toBe(0) // index
    const end = at + 8 + Math.ceil(body.readUInt32LE(at + 4) / 8) * 8
    expect([...body.subarray(end)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
    expect(decodeStream(bytes, 'f', 'x86_64')).toEqual({...domain, emulator})
    // a PV domain: no emulator record
    expect(encodeStream(domain).subarray(56).readUInt32LE(8 + Math.ceil(encodeStream(domain).subarray(56).readUInt32LE(4) / 8) * 8)).toBe(0)
  })

  it('version 1 (one JSON body, no emulator) is still read', () => {
    expect(decodeStream(streamOf(1, Buffer.from(JSON.stringify(domain))), 'f', 'x86_64')).toEqual(domain)
  })

  it('refuses records it does not know, a missing END, a missing domain', () => {
    const rec = (type: number, data: Buffer) => {
      const h = Buffer.alloc(8)
      h.writeUInt32LE(type, 0)
      h.writeUInt32LE(data.length, 4)
      return Buffer.concat([h, data, Buffer.alloc((8 - data.length % 8) % 8)])
    }
    const end = rec(0, Buffer.alloc(0))
    const dom = rec(1, Buffer.from(JSON.stringify(domain)))
    expect(lines(() => decodeStream(streamOf(2, Buffer.concat([dom, rec(7, Buffer.alloc(4)), end])), 'f', 'x86_64'))).toBe('xl: f: domain stream has a record of unknown type 7')
    expect(lines(() => decodeStream(streamOf(2, dom), 'f', 'x86_64'))).toBe('xl: f: domain stream damaged (a record is cut short)')
    expect(lines(() => decodeStream(streamOf(2, end), 'f', 'x86_64'))).toBe('xl: f: domain stream has no domain record')
    expect(lines(() => decodeStream(streamOf(2, Buffer.concat([dom, end, end])), 'f', 'x86_64'))).toBe('xl: f: domain stream damaged (data after its END record)')
    const emu = Buffer.alloc(8)
    emu.writeUInt32LE(9, 0)
    expect(lines(() => decodeStream(streamOf(2, Buffer.concat([dom, rec(3, emu), end])), 'f', 'x86_64'))).toBe('xl: f: domain stream has an emulator context for an unknown emulator (9)')
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
    const v0 = Buffer.from(good)
    v0.writeUInt32LE(0, 16)
    expect(lines(() => decodeStream(v0, 'f', 'x86_64'))).toBe('xl: f: domain stream version 0, this xlsim reads versions 1 and 2')
    expect(lines(() => decodeStream(good, 'f', 'arm64'))).toBe('xl: f: domain saved on an x86_64 host cannot be restored on this arm64 host')
  })
})
