// xl's save-file header (tools/xl/xl.h struct save_file_header, written by
// save_domain_core_writeconfig in xl_saverestore.c, read by create_domain
// in xl_vmcontrol.c): 32 bytes of magic, then four uint32s in the domain's
// byte order (byteorder marker 0x01020304, mandatory flags, optional flags,
// optional data length), then the optional data: a uint32 config length
// and the config (libxl_domain_config JSON with its NUL). The domain stream
// follows (src/libxl/stream.ts).
import {XlError} from '../libxl/errors.js'
import {libxlLine} from '../libxl/log.js'

/** savefileheader_magic (xl.h): 32 bytes, NUL included. */
export const SAVEFILE_MAGIC = Buffer.from('Xen saved domain, xl format\n \0 \r', 'latin1')
export const SAVEFILE_BYTEORDER_VALUE = 0x01020304
export const XL_MANDATORY_FLAG_JSON = 1 << 0
export const XL_MANDATORY_FLAG_STREAMv2 = 1 << 1
const XL_MANDATORY_FLAG_ALL = XL_MANDATORY_FLAG_JSON | XL_MANDATORY_FLAG_STREAMv2
export const HEADER_SIZE = 32 + 16

export interface SaveFileHeader {
  mandatoryFlags: number
  optionalFlags: number
  optionalDataLen: number
}

/** "0x3/0x0/1234", as both the save and the restore messages print it. */
export function headerInfo(h: SaveFileHeader): string {
  return `0x${h.mandatoryFlags.toString(16)}/0x${h.optionalFlags.toString(16)}/${h.optionalDataLen}`
}

/** save_domain_core_writeconfig: the header and optional data for this config JSON (empty: none). */
export function encodeHeader(configJson: string): {bytes: Buffer; header: SaveFileHeader} {
  const config = configJson === '' ? Buffer.alloc(0) : Buffer.from(`${configJson}\0`, 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32LE(config.length)
  const optdata = Buffer.concat([len, config])
  const header: SaveFileHeader = {
    mandatoryFlags: XL_MANDATORY_FLAG_STREAMv2 | (config.length ? XL_MANDATORY_FLAG_JSON : 0),
    optionalFlags: 0,
    optionalDataLen: optdata.length,
  }
  const hdr = Buffer.alloc(HEADER_SIZE)
  SAVEFILE_MAGIC.copy(hdr, 0)
  hdr.writeUInt32LE(SAVEFILE_BYTEORDER_VALUE, 32)
  hdr.writeUInt32LE(header.mandatoryFlags, 36)
  hdr.writeUInt32LE(header.optionalFlags, 40)
  hdr.writeUInt32LE(header.optionalDataLen, 44)
  return {bytes: Buffer.concat([hdr, optdata]), header}
}

export interface ReadSaveFile {
  header: SaveFileHeader
  /** The config JSON from the optional data (NUL stripped), or null when the file has none. */
  configJson: string | null
  /** The bytes after the header and optional data: the domain stream. */
  stream: Buffer
}

/** libxl_read_exactly's complaint on a short read, then CHK_ERRNOVAL's fatal error (EPROTO). */
function truncated(what: string, source: string, line: number, call: string): XlError {
  return new XlError([
    libxlLine('error', 'libxl_utils.c:505:libxl_read_exactly', null, `file/stream truncated reading ${what} from ${source}`),
    `xl: fatal error: xl_vmcontrol.c:${line}: Protocol error: ${call}`,
  ])
}

/**
 * create_domain's restoring branch up to the config: every check in its
 * order, with its line. `say` gets the lines xl prints on the way
 * ("Loading new save file ...", " Savefile contains xl domain config ...").
 */
export function readSaveFile(bytes: Buffer, source: string, say: (line: string) => void): ReadSaveFile {
  if (bytes.length < HEADER_SIZE) {
    throw truncated('header', source, 713, 'libxl_read_exactly( ctx, restore_fd, &hdr, sizeof(hdr), restore_source, "header")')
  }
  if (!bytes.subarray(0, 32).equals(SAVEFILE_MAGIC)) throw new XlError('File has wrong magic number - corrupt or for a different tool?')
  if (bytes.readUInt32LE(32) !== SAVEFILE_BYTEORDER_VALUE) throw new XlError('File has wrong byte order')
  const header: SaveFileHeader = {
    mandatoryFlags: bytes.readUInt32LE(36), optionalFlags: bytes.readUInt32LE(40), optionalDataLen: bytes.readUInt32LE(44),
  }
  say(`Loading new save file ${source} (new xl fmt info ${headerInfo(header)})`)
  const badflags = header.mandatoryFlags & ~XL_MANDATORY_FLAG_ALL
  if (badflags) {
    throw new XlError(`Savefile has mandatory flag(s) 0x${(badflags >>> 0).toString(16)} which are not supported; need newer xl`)
  }
  const end = HEADER_SIZE + header.optionalDataLen
  if (bytes.length < end) {
    throw truncated('optdata', source, 740, 'libxl_read_exactly( ctx, restore_fd, optdata_begin, hdr.optional_data_len, restore_source, "optdata")')
  }
  const opt = bytes.subarray(HEADER_SIZE, end)
  let configJson: string | null = null
  if (opt.length) {
    say(` Savefile contains xl domain config${header.mandatoryFlags & XL_MANDATORY_FLAG_JSON ? ' in JSON format' : ''}`)
    if (opt.length < 4) throw new XlError('Savefile truncated.')
    const len = opt.readUInt32LE(0)
    if (opt.length - 4 < len) throw new XlError('Savefile truncated.')
    if (len) configJson = opt.subarray(4, 4 + len).toString('utf8').replace(/\0[\s\S]*$/, '')
  }
  return {header, configJson, stream: bytes.subarray(end)}
}
