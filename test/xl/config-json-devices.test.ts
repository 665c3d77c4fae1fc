// libxl_domain_config_from_json for the device arrays: what xl's JSON
// (src/xl/format/devices-json.ts) writes reads back to the same devices.
import {describe, expect, it} from 'vitest'
import {devicesFromJson} from '../../src/xl/config-json-devices.js'
import {devicesJson} from '../../src/xl/format/devices-json.js'
import {JsonMap, yajlBeautify} from '../../src/xl/format/json.js'
import {noDevices, type DomainDevices} from '../../src/libxl/device-types.js'

function roundTrip(devs: DomainDevices): DomainDevices | null {
  const m = new JsonMap()
  for (const [k, v] of devicesJson(devs)) m.set(k, v)
  return devicesFromJson(yajlBeautify(m))
}

describe('devicesFromJson', () => {
  it('reads back every kind as libxl saved it (init values left out come back as such)', () => {
    const devs: DomainDevices = {
      ...noDevices(),
      disks: [{pdev_path: '/d.img', vdev: 'xvda', format: 'raw', readwrite: 1}, {vdev: 'hdc', format: 'empty', removable: 1, is_cdrom: 1, discard_enable: false}],
      nics: [{devid: 0, mac: '00:16:3e:00:00:01', bridge: 'xenbr0', nictype: 'vif', colo: {colo_sock_mirror_id: 'm'}, trusted: true}, {devid: 3, model: 'e1000', nictype: 'vif_ioemu', mac: '00:16:3e:00:00:02'}],
      pcidevs: [{func: 0, dev: 0, bus: 3, domain: 0, vdevfn: 8, permissive: true}],
      vfbs: [{devid: -1, vnc: {enable: true, display: 1}, sdl: {enable: false}, keymap: 'en-us'}],
      vkbs: [{devid: 0, backend_type: 'linux'}],
      vtpms: [{devid: 0, uuid: '837c0a66-318d-498e-978f-3a23464e4aa1'}],
      vdispls: [{devid: 0, be_alloc: true, connectors: [{unique_id: 'c0', width: 800, height: 600}]}],
      vsnds: [{devid: 0, short_name: 's', params: {sample_rates: [48000], sample_formats: ['s16_le'], channels_max: 2},
        pcms: [{name: 'p', params: {sample_rates: [], sample_formats: []}, streams: [{unique_id: '0', type: 'p', params: {sample_rates: [], sample_formats: []}}]}]}],
      channels: [{devid: 0, name: 'org.qemu.guest_agent.0', connection: 'socket', path: '/run/qga.sock'}, {devid: 1, name: 'c', connection: 'pty'}],
      usbctrls: [{type: 'auto', devid: -1, version: 2, ports: 4}, {type: 'qusb', devid: 1}],
      usbdevs: [{ctrl: 1, port: 2, type: 'hostdev', hostbus: 1, hostaddr: 5}],
    }
    expect(roundTrip(devs)).toEqual(devs)
    expect(roundTrip(noDevices())).toEqual(noDevices())
  })

  it('anything but a JSON config: null', () => {
    expect(devicesFromJson('not json')).toBeNull()
    expect(devicesFromJson('null')).toBeNull()
    expect(devicesFromJson('{"c_info": {}}')).toEqual(noDevices())
  })
})
