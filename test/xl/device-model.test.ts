// device_model_version (tools/xl/xl_parse.c, parse_config_data; the
// b_info field after video_memkb in tools/libs/light/libxl_types.idl):
// what `xl create -n` shows for an HVM guest's device model.
import {describe, expect, it} from 'vitest'
import {requestFromConfig} from '../../src/xl/create-request.js'
import {requestConfigView} from '../../src/xl/config-view.js'
import {formatDomainConfig} from '../../src/xl/format/index.js'
import {bootHost} from '../../src/libxl/host-boot.js'
import {DEFAULT_HOST_CONFIG} from '../../src/hypervisor/host.js'
import {XlError} from '../../src/libxl/errors.js'

const host = () => bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', cpus: 2, clock: 'manual'})

function dryRun(text: string): string {
  const h = host()
  const {request} = requestFromConfig(text, 'h.cfg', [], 2)
  return formatDomainConfig(requestConfigView(h, request))
}

describe('device_model_version', () => {
  it('qemu-xen and qemu-xen-traditional as libxl_device_model_version_to_string names them, after video_memkb', () => {
    const out = dryRun('name = "h"\ntype = "hvm"\nmemory = 128\ndevice_model_version = "qemu-xen"\n')
    expect(out).toMatch(/"target_memkb": 131072,\n {8}"device_model_version": "qemu_xen",\n {8}"sched_params": \{/)
    expect(dryRun('name = "h"\ntype = "hvm"\nmemory = 128\ndevice_model_version = "qemu-xen-traditional"\n'))
      .toMatch(/"device_model_version": "qemu_xen_traditional"/)
  })

  it('not set: absent (the default, qemu-xen, is libxl\'s and never reaches the saved config)', () => {
    expect(dryRun('name = "h"\ntype = "hvm"\nmemory = 128\n')).not.toMatch(/device_model/)
  })

  it('anything else: xl_parse.c\'s line and exit 1', () => {
    let err: unknown
    try {
      requestFromConfig('name = "h"\ntype = "hvm"\ndevice_model_version = "bochs"\n', 'h.cfg', [], 2)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(XlError)
    expect((err as XlError).lines).toEqual(['Unknown device_model_version "bochs" specified'])
    expect((err as XlError).exitCode).toBe(1)
  })
})
