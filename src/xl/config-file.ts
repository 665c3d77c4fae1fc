// Reading an xl.cfg file the way `xl create` does: create_domain in
// tools/xl/xl_vmcontrol.c calls libxl_read_file_contents
// (tools/libs/light/libxl_utils.c), which opens the file, refuses anything
// but a plain file (ENOTTY) and files over INT_MAX bytes (EFBIG), reads it
// whole, and logs why it failed; xl then prints
// `Failed to read config file: <file>: <strerror(errno)>` and returns
// ERROR_FAIL (exit 3). /dev/null is not read at all (the config then comes
// only from the command line's key=value arguments).
import {accessSync, constants, readFileSync, statSync} from 'node:fs'
import {XlError} from '../libxl/errors.js'
import {libxlLine} from '../libxl/log.js'

/**
 * The simulator's cap on a config file. Real libxl reads up to INT_MAX
 * bytes; a JavaScript string cannot hold that, so files past this size get
 * libxl's "far too large" refusal earlier. 10 MB configs still parse.
 */
export const CONFIG_FILE_MAX_BYTES = 64 * 1024 * 1024

/** glibc's strerror texts for the errors a file read can end in. */
const STRERROR: Record<string, string> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EBUSY: 'Device or resource busy',
  ENODEV: 'No such device',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  ENOTTY: 'Inappropriate ioctl for device',
  EFBIG: 'File too large',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EOVERFLOW: 'Value too large for defined data type',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
}

export function strerror(code: string | undefined): string {
  return (code && STRERROR[code]) ?? `Unknown error ${code ?? ''}`.trimEnd()
}

/** Lines of the LOG/LOGE calls in libxl_read_file_contents (Xen 4.17). */
const LOG_LINE = {open: 336, notPlain: 346, big: 352, read: 366}

/** libxl's log line (if any), then xl's own; exit 3 (ERROR_FAIL). */
function failed(file: string, errno: string, logged?: {line: number; text: string}): XlError {
  const lines = logged ? [libxlLine('error', `libxl_utils.c:${logged.line}:libxl_read_file_contents`, null, logged.text)] : []
  return new XlError([...lines, `Failed to read config file: ${file}: ${strerror(errno)}`], 3)
}

/**
 * The file's bytes, one char per byte (latin1), as libxl_read_file_contents
 * hands them to xlu_cfg_readdata. Throws XlError with xl's lines, exit 3.
 */
export function readConfigFile(file: string): string {
  if (file === '/dev/null') return ''
  let st
  try {
    // fopen(filename, "r"): ENOENT is returned quietly, others are logged.
    st = statSync(file)
    if (!st.isFile()) accessSync(file, constants.R_OK)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw failed(file, 'ENOENT')
    throw failed(file, code ?? 'EIO', {line: LOG_LINE.open, text: `failed to open ${file}: ${strerror(code)}`})
  }
  if (!st.isFile()) {
    // LOGE with the errno fopen and fstat left alone (0 after they
    // succeed: "Success"), then errno = ENOTTY. Checked before reading, so
    // /dev/zero, FIFOs and directories end here instead of being read.
    throw failed(file, 'ENOTTY', {line: LOG_LINE.notPlain, text: `${file} is not a plain file: Success`})
  }
  if (st.size > CONFIG_FILE_MAX_BYTES) throw failed(file, 'EFBIG', {line: LOG_LINE.big, text: `file ${file} is far too large`})
  let data: Buffer
  try {
    data = readFileSync(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    // Refused at open (permissions) or failing in fread.
    const atOpen = code === 'EACCES' || code === 'EPERM'
    throw failed(file, code ?? 'EIO', atOpen
      ? {line: LOG_LINE.open, text: `failed to open ${file}: ${strerror(code)}`}
      : {line: LOG_LINE.read, text: `failed to read ${file}: ${strerror(code)}`})
  }
  // A file that grew past the cap between stat and read is cut, as libxl
  // reads st_size bytes (it would report the change of size).
  return data.subarray(0, CONFIG_FILE_MAX_BYTES).toString('latin1')
}
