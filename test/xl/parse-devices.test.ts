// The device lists of xl.cfg as parse_config_data (tools/xl/xl_parse.c, Xen
// 4.17) reads them, and each spec kind's parser with bad input: messages,
// which ones are fatal (and their exit codes), and random input.
import {describe, expect, it} from 'vitest'
import {parseConfig} from '../../src/libxlu/parser.js'
import {DeviceSpecError, parseDevices} from '../../src/xl/parse-devices.js'
import {parseNicToken, parseVifRate} from '../../src/xl/parse-nic.js'
import {parseVtpmArgs, parseVtpmItem} from '../../src/xl/parse-vtpm.js'
import {parseChannelItem, SIGSEGV_EXIT} from '../../src/xl/parse-channel.js'
import {checkVkb, parseVkbToken} from '../../src/xl/parse-vkb.js'
import {parseUsbctrlToken, parseUsbdevToken} from '../../src/xl/parse-usb.js'
import {checkVdispl, parseVdisplToken} from '../../src/xl/parse-vdispl.js'
import {parseVfbItem} from '../../src/xl/parse-vfb.js'
import {noParams, parseVsndItem} from '../../src/xl/parse-vsnd.js'
import type {DeviceNic, DeviceVsnd} from '../../src/libxl/device-types.js'

function devices(text: string): {warnings: string[]; devs: ReturnType<typeof parseDevices>} {
  const cfg = parseConfig(text, 'g.cfg')
  const warnings: string[] = []
  return {warnings, devs: parseDevices(cfg, 'pv', warnings)}
}

function fatal(text: string): DeviceSpecError {
  try {
    devices(text)
  } catch (e) {
    if (e instanceof DeviceSpecError) return e
    throw e
  }
  throw new Error('no error')
}

describe('xl.cfg device lists', () => {
  it('vif: a bad token is reported and the rest kept (parse_config_data ignores parse_nic_config\'s result)', () => {
    const {warnings, devs} = devices('vif = ["bogus=1,bridge=br0", "mac=00:16:3e:00:00:01"]\n')
    expect(warnings).toEqual(['unrecognized argument `bogus=1\''])
    expect(devs.nics).toEqual([{devid: 0, bridge: 'br0'}, {devid: 1, mac: '00:16:3e:00:00:01'}])
  })

  it('disk: a libxlu error is fatal with exit 1 (parse_disk_config_multistring: EINVAL)', () => {
    const e = fatal('disk = ["/x,raw,xvda,rw", "bogus=1"]\n')
    expect(e.exitCode).toBe(1)
    expect(e.lines).toEqual(['g.cfg: config parsing error in disk specification: unknown parameter: near `bogus=1\' in `bogus=1\''])
  })

  it('pci: "unable to parse PCI_SPEC_STRING" and exit(-e) = 6; the libxlu report shares its line', () => {
    expect(fatal('pci = ["03:00.0,foo=1"]\n').lines).toEqual(['Unknown PCI_SPEC_STRING option: foounable to parse PCI_SPEC_STRING `03:00.0,foo=1\' for passthrough'])
    expect(fatal('pci = ["zz"]\n').exitCode).toBe(6)
  })

  it('devids: ARRAY_EXTEND_INIT numbers vifs, vtpms, channels, vfbs and their vkbs; usbdevs keep ctrl -1', () => {
    const {devs} = devices('vtpm = ["backend=0", "backend=0"]\nvfb = ["vnc=1"]\nvkb = ["backend-type=linux"]\nusbdev = ["hostbus=1,hostaddr=2"]\n')
    expect(devs.vtpms.map(v => v.devid)).toEqual([0, 1])
    expect(devs.vfbs).toEqual([{devid: 0, vnc: {enable: true}, sdl: {}}])
    expect(devs.vkbs).toEqual([{devid: 0}, {devid: 1, backend_type: 'linux'}])
    expect(devs.usbdevs).toEqual([{ctrl: -1, type: 'hostdev', hostbus: 1, hostaddr: 2}])
  })

  it('vif2 only warns', () => {
    expect(devices('vif2 = ["x"]\n').warnings).toEqual(['WARNING: vif2: netchannel2 is deprecated and not supported by xl'])
  })

  it.each([
    ['vtpm = ["uuid=x,backend=0"]', ['Failed to parse vtpm UUID: x'], 1],
    ['vtpm = ["foo=1"]', ['Unknown string `foo\' in vtpm spec'], 1],
    ['vtpm = ["uuid=12345678-1234-1234-1234-123456789abc"]', ['vtpm spec missing required backend field!'], 1],
    ['channel = ["name=a"]', ['channel has unknown \'connection\''], 1],
    ['channel = ["connection=socket"]', ['channel connection \'socket\' requires path=..'], 1],
    ['channel = ["connection=tcp"]', ['unknown channel connection \'tcp\''], 1],
    ['channel = ["name"]', ['failed to parse channel configuration: name'], 1],
    ['channel = [",,"]', [], SIGSEGV_EXIT],
    ['vkb = ["unique-id=x"]', ['backend-type should be set in vkb spec'], 1],
    ['vkb = ["backend-type=none"]', ['Unknown backend_type "none" in vkb spec'], 1],
    ['vkb = ["backend-type=linux,feature-multi-touch=1"]', ['multi-touch-width, multi-touch-height, multi-touch-num-contacts should be set for multi touch in vkb spec'], 1],
    ['usbctrl = ["type=usb3"]', ['Invalid usb controller type \'usb3\''], 1],
    ['usbctrl = ["speed=1"]', ['Unknown string `speed=1\' in usbctrl spec'], 1],
    ['usbdev = ["bus=1"]', ['Unknown string `bus=1\' in usbdev spec'], 1],
    ['vdispl = ["backend=0"]', ['At least one connector should be specified.'], 1],
    ['vdispl = ["connectors=id0:big"]', ['Can\'t parse connector resolution'], 1],
    ['vdispl = ["size=1"]', ['Unknown string "size=1" in vdispl spec'], 1],
    ['vif = ["rate=fast"]', ['g.cfg: config parsing error in vif: invalid rate in `fast\''], 1],
    ['vif = ["mtu=big"]', ['xl: failed to convert "big" to number'], 1],
  ])('%s', (text, lines, code) => {
    const e = fatal(`${text}\n`)
    expect(e.lines).toEqual(lines)
    expect(e.exitCode).toBe(code)
  })

  it('channel: an unknown key is ignored with a message; a socket gets its path', () => {
    const {warnings, devs} = devices('channel = [" name = org.x , connection = socket , path = /run/x , color=red"]\n')
    expect(warnings).toEqual(['unknown channel parameter \'color\', ignoring'])
    expect(devs.channels).toEqual([{devid: 0, name: 'org.x', connection: 'socket', path: '/run/x'}])
  })
})

describe('parse_nic_config tokens', () => {
  const nic = (...tokens: string[]): {nic: DeviceNic; lines: string[]; rc: number} => {
    const n: DeviceNic = {devid: -1}
    const lines: string[] = []
    let rc = 0
    for (const t of tokens) {
      const r = parseNicToken(n, 'command line', t)
      lines.push(...r.lines)
      rc ||= r.rc
    }
    return {nic: n, lines, rc}
  }
  it('keys', () => {
    expect(nic('type=ioemu', 'mac=0:16:3e:a:b:c', 'bridge=br0', 'ip=10.0.0.2', 'script=vif-nat', 'backend=drv',
      'vifname=web0', 'model=e1000', 'devid=3', 'mtu=9000', 'gatewaydev=eth0', 'untrusted').nic).toEqual({
      devid: 3, nictype: 'vif_ioemu', mac: '00:16:3e:0a:0b:0c', bridge: 'br0', ip: '10.0.0.2', script: 'vif-nat',
      backend_domname: 'drv', ifname: 'web0', model: 'e1000', mtu: 9000, gatewaydev: 'eth0', trusted: false,
    })
  })
  it('messages', () => {
    expect(nic('type=tap')).toMatchObject({lines: ['Invalid parameter `type\'.'], rc: 1})
    expect(nic('mac=00:16:3e:zz:00:00')).toMatchObject({lines: ['Invalid parameter `mac\'.'], rc: 1})
    expect(nic('mac=00:16:3e:100:00:00')).toMatchObject({lines: ['Invalid parameter `mac\'.'], rc: 1})
    expect(nic('netdev=eth1')).toMatchObject({lines: ['the netdev parameter is deprecated, please use gatewaydev instead'], rc: 0})
    expect(nic('accel=x')).toMatchObject({lines: ['the accel parameter for vifs is currently not supported'], rc: 0})
    expect(nic('frobnicate')).toMatchObject({lines: ['unrecognized argument `frobnicate\''], rc: 1})
  })
  it('rate (xlu_vif_parse_rate): bytes per interval of 50 ms by default', () => {
    const n: DeviceNic = {devid: 0}
    expect(parseVifRate('c', '10Mb/s', n).exit).toBe(null)
    expect(n).toMatchObject({rate_interval_usecs: 50000, rate_bytes_per_interval: 62500})
    expect(parseVifRate('c', '1MB/s@20ms', n).exit).toBe(null)
    expect(n).toMatchObject({rate_interval_usecs: 20000, rate_bytes_per_interval: 20000})
    expect(parseVifRate('c', '', n).lines).toEqual(['c: config parsing error in vif: no rate specified in `\''])
    expect(parseVifRate('c', '1MB/s@soon', n).lines).toEqual(['c: config parsing error in vif: invalid replenishment interval in `soon\''])
    expect(parseVifRate('c', '0B/s', n).lines).toEqual(['c: config parsing error in vif: rate overflow in `0B/s\''])
    expect(parseVifRate('c', '99999999999B/s', n).lines).toEqual(['c: config parsing error in vif: rate overflow in `99999999999B/s\''])
  })
})

describe('parse_vsnd_item', () => {
  const card = (): DeviceVsnd => ({devid: -1, params: noParams(), pcms: []})
  it('card, pcm and stream items build the card', () => {
    const v = card()
    for (const it of ['card, short-name=C,channels-max=2', 'PCM, name=dev', 'stream, unique-id=0,type=P,sample-formats=S16_LE;u8', 'stream, type=c,buffer-size=0x1000']) {
      expect(parseVsndItem(v, it)).toEqual({lines: [], exit: null})
    }
    expect(v).toEqual({devid: -1, short_name: 'C', params: {sample_rates: [], sample_formats: [], channels_max: 2}, pcms: [{name: 'dev',
      params: noParams(), streams: [
        {unique_id: '0', type: 'p', params: {sample_rates: [], sample_formats: ['s16_le', 'u8']}},
        {type: 'c', params: {sample_rates: [], sample_formats: [], buffer_size: 4096}},
      ]}]})
  })
  it.each([
    ['speaker', 'Invalid key: speaker', -1],
    ['pcm, colour=1', 'Invalid parameter: colour=1', -1],
    ['card, volume=11', 'Invalid parameter: volume=11', -1],
    ['stream, type=x', 'Invalid stream type: x', -1],
    ['card, sample-formats=s16_le;mp3', 'Invalid pcm format: mp3', 1],
  ])('%s', (item, line, exit) => {
    expect(parseVsndItem(card(), item)).toEqual({lines: [line], exit})
  })
  it('vsnd= in xl.cfg: a list of cards, each a list', () => {
    const {devs} = devices('vsnd = [["card, short-name=A", "pcm, name=p0"], ["card, short-name=B"]]\n')
    expect(devs.vsnds.map(v => [v.devid, v.short_name, v.pcms.length])).toEqual([[0, 'A', 1], [1, 'B', 0]])
    expect(fatal('vsnd = ["card"]\n').lines).toEqual(['Failed to get vsnd card list: Invalid argument'])
  })
})

describe('the other parsers with bad input', () => {
  it('vtpm-attach arguments', () => {
    expect(parseVtpmArgs({devid: -1}, ['uuid=nope']).lines).toEqual(['Invalid uuid specified (nope)'])
    expect(parseVtpmArgs({devid: -1}, ['color=1']).lines).toEqual(['unrecognized argument `color=1\''])
  })
  it('vkb-attach checks say nothing of a spec', () => {
    expect(checkVkb({devid: -1}, false).lines).toEqual(['backend-type should be set'])
    expect(checkVkb({devid: -1, backend_type: 'qemu', feature_multi_touch: true}, false).lines)
      .toEqual(['multi-touch-width, multi-touch-height, multi-touch-num-contacts should be set'])
  })
  it('usbdev type: xl prints getopt\'s optarg, NULL outside option parsing', () => {
    expect(parseUsbdevToken({ctrl: -1, type: 'hostdev'}, 'type=mouse').lines).toEqual(['Invalid usb device type: (null)'])
  })
  it('vfb keys it does not know are skipped; a token without = ends the item', () => {
    const vfb = {devid: 0, vnc: {}, sdl: {}}
    parseVfbItem(vfb, 'color=1,vncdisplay=3,sdl=1,keymap,vnc=1')
    expect(vfb).toEqual({devid: 0, vnc: {display: 3}, sdl: {enable: true}})
  })

  it('random tokens never throw or hang in any parser', () => {
    let seed = 99
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    const alphabet = 'abcmacratetypebridgeconnectionbackendhostbus=,:;x@/0123456789 \t\0é-'
    for (let i = 0; i < 3000; i++) {
      let s = ''
      for (let j = rnd(30); j > 0; j--) s += alphabet[rnd(alphabet.length)]
      parseNicToken({devid: -1}, 'c', s)
      parseVtpmItem({devid: 0}, s)
      parseChannelItem({devid: 0, connection: 'unknown'}, s)
      parseVkbToken({devid: 0}, s)
      parseUsbctrlToken({type: 'auto', devid: 0}, s)
      parseUsbdevToken({ctrl: -1, type: 'hostdev'}, s)
      const v = {devid: 0, connectors: []}
      parseVdisplToken(v, s)
      checkVdispl(v)
      parseVfbItem({devid: 0, vnc: {}, sdl: {}}, s)
      parseVsndItem({devid: 0, params: noParams(), pcms: []}, s)
      try {
        devices(`vif = ["${s.replace(/["\\\n\0]/g, '')}"]\ndisk = ["${s.replace(/["\\\n\0]/g, '')}"]\n`)
      } catch (e) {
        if (!(e instanceof DeviceSpecError)) throw e
      }
    }
  })
})
