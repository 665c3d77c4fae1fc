import {describe, expect, it} from 'vitest'
import {applyOverrides, domainConfigFrom} from '../../src/xl/parse.js'
import {
  ConfigError,
  ConfigParseError,
  getDefBool,
  getList,
  getLong,
  getString,
  parseConfig,
  type ParsedConfig,
} from '../../src/libxlu/index.js'
import {generateConfig, prng} from './gen.js'
import {FAILED, PARSE_ERROR_LINE, PYTHON_WARNING} from './helpers.js'

/** Every warning text libxlu's getters and xl's parse_config_data print. */
const WARNING_LINE = new RegExp(
  '^(f\\.cfg:\\d+: warning: (' +
    [
      "parameter `[a-z][._0-9a-z]*' is a list but should be a single value",
      "parameter `[a-z][._0-9a-z]*' is a single value but should be a list",
      "parameter `[a-z][._0-9a-z]*' is not a valid number",
      "parameter `[a-z][._0-9a-z]*' could not be parsed as a number: Numerical result out of range",
      "can't use \\+= with numbers for parameter `[a-z][._0-9a-z]*'",
      "value `-?\\d+' is (smaller|greater) than (minimum|maximum) bound '-?\\d+'",
    ].join('|') +
    ')|Warning: ignoring root= and extra= in favour of cmdline=' +
    // the device lists' non-fatal messages (xl_parse.c parse_nic_config, the channel and vif2 loops)
    '|unrecognized argument `[\\s\\S]*\'|Invalid parameter `(type|mac)\'\\.' +
    '|the netdev parameter is deprecated, please use gatewaydev instead|the accel parameter for vifs is currently not supported' +
    '|unknown channel parameter \'[\\s\\S]*\', ignoring|WARNING: vif2: netchannel2 is deprecated and not supported by xl' +
    '|WARNING: you seem to be using "kernel" directive to override HVM guest firmware\\. .*)$',
)
/** Every fatal message of domainConfigFrom (values may hold any character, newlines too). */
const CONFIG_ERROR_LINE = new RegExp(
  '^(' +
    [
      'Domain name must be specified\\.',
      'Invalid domain type [\\s\\S]*\\.',
      'Contradicting "builder" and "type" options specified\\.',
      'Failed to parse UUID: [\\s\\S]*',
      'xl: maxvcpus < vcpus',
      'libxl: error: libxl_utils\\.c:809:libxl_cpu_bitmap_alloc: invalid number of cpus provided',
      'Unable to allocate cpumap',
      'Invalid pcpu range: [\\s\\S]*\\.',
      'Can\'t combine "\\^" and "all"\\.',
      'Unknown on_(poweroff|reboot|watchdog|crash|soft_reset) action "[\\s\\S]*" specified',
      // the device specs (libxlu_disk.c, libxlu_vif.c, libxlu_pci.c and xl_parse.c's device loops)
      'f\\.cfg: config parsing error in (disk specification|vif): [\\s\\S]*',
      '[\\s\\S]*unable to parse PCI_SPEC_STRING `[\\s\\S]*\' for passthrough',
      'xl: failed to convert "[\\s\\S]*" to number',
      'Failed to parse vtpm UUID: [\\s\\S]*', 'vtpm spec missing required backend field!',
      'Unknown string `[\\s\\S]*\' in (vtpm|usbctrl|usbdev) spec', 'Unknown string "[\\s\\S]*" in (vdispl|vkb) spec',
      'Can\'t parse connector resolution', 'At least one connector should be specified\\.',
      'failed to parse channel configuration: [\\s\\S]*', 'unknown channel connection \'[\\s\\S]*\'',
      'channel has unknown \'connection\'', 'channel connection \'socket\' requires path=\\.\\.',
      'Invalid usb controller type \'[\\s\\S]*\'', 'Invalid usb device type: \\(null\\)',
      'Unknown backend_type "[\\s\\S]*" in vkb spec', 'backend-type should be set in vkb spec',
      'multi-touch-width, multi-touch-height, multi-touch-num-contacts should be set for multi touch in vkb spec',
    ].join('|') +
    ')$',
)
const ASSERTION = /^xl: libxlu_cfg\.c:(607|619): xlu__cfgl_dequote: Assertion `.*' failed\.$/

function checkParseError(e: ConfigParseError): void {
  const lines = e.lines
  if (e.exitCode === 134) {
    expect(lines.at(-1)).toMatch(ASSERTION)
    for (const l of lines.slice(0, -1)) expect(l).toMatch(PARSE_ERROR_LINE)
    return
  }
  expect(e.exitCode).toBe(1)
  expect(lines.at(-1)).toBe(FAILED)
  let body = lines.slice(0, -1)
  if (body.length >= 3 && body.at(-1) === PYTHON_WARNING[2]) {
    expect(body.slice(-3)).toEqual(PYTHON_WARNING)
    body = body.slice(0, -3)
  }
  expect(body.length).toBeGreaterThan(0)
  for (const l of body) expect(l).toMatch(PARSE_ERROR_LINE)
}

function exercise(cfg: ParsedConfig, rnd: () => number): void {
  for (const k of ['name', 'memory', 'cpus', 'workload', 'extra']) {
    getString(cfg, k)
    getLong(cfg, k)
    getDefBool(cfg, k)
    getList(cfg, k)
  }
  try {
    domainConfigFrom(cfg, {nrCpus: 1 + Math.floor(rnd() * 8)})
    for (const w of cfg.warnings) expect(w).toMatch(WARNING_LINE)
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    expect(e.exitCode).toBe(1)
    const lines = e.lines
    expect(lines.length).toBeGreaterThan(0)
    for (const l of lines) expect(l).toMatch(new RegExp(`${WARNING_LINE.source}|${CONFIG_ERROR_LINE.source}`))
    expect(lines.at(-1)).toMatch(CONFIG_ERROR_LINE)
  }
}

describe('fuzz: generated and mutated xl.cfg files', () => {
  it('12,000 inputs: only documented errors with documented texts', () => {
    const rnd = prng(20240917)
    const stats = {ok: 0, parseError: 0, configError: 0}
    for (let i = 0; i < 12_000; i++) {
      const text = generateConfig(rnd)
      let cfg: ParsedConfig
      try {
        cfg = parseConfig(text, 'f.cfg')
        if (rnd() < 0.2) cfg = applyOverrides(cfg, [generateConfig(rnd).split('\n')[0]!])
      } catch (e) {
        if (!(e instanceof ConfigParseError)) throw new Error(`unexpected ${String(e)} for ${JSON.stringify(text)}`)
        checkParseError(e)
        stats.parseError++
        continue
      }
      try {
        exercise(cfg, rnd)
      } catch (e) {
        throw new Error(`${String(e)} for ${JSON.stringify(text)}`)
      }
      stats.ok++
    }
    // the generator must keep producing both outcomes
    expect(stats.ok).toBeGreaterThan(2000)
    expect(stats.parseError).toBeGreaterThan(2000)
  })

  it('random bytes', () => {
    const rnd = prng(7)
    const alphabet = 'ab=+[],;#"\'\\\n\t x0-9().:@A\r\0é'
    for (let i = 0; i < 3000; i++) {
      let text = ''
      const n = Math.floor(rnd() * 40)
      for (let j = 0; j < n; j++) text += alphabet[Math.floor(rnd() * alphabet.length)]
      try {
        exercise(parseConfig(text, 'f.cfg'), rnd)
      } catch (e) {
        if (!(e instanceof ConfigParseError)) throw new Error(`${String(e)} for ${JSON.stringify(text)}`)
        checkParseError(e)
      }
    }
  })
})
