// `xl create -n` and `xl list -l`: libxl_domain_config JSON as Xen 4.17
// prints it. No capture of either exists in test/fixtures/xen-4.17, so the
// expectations come from the source (RELEASE-4.17.7):
//  - create_domain (tools/xl/xl_vmcontrol.c:862) prints
//    libxl_domain_config_to_json of what parse_config_data (xl_parse.c) set,
//    before c_info.domid is set (line 914);
//  - list_domains_details (xl_info.c:445) prints {domid, config} per domain,
//    config from libxl_retrieve_domain_configuration (libxl_domain.c), dom0's
//    from xen-init-dom0's stub (tools/helpers/init-dom-json.c);
//  - keys in libxl_types.idl order, fields at their init value omitted
//    (gentypes.py get_default_expr), structs always present.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cfg, tempHost, type TempHost} from '../helpers/cli.js'

let x86: TempHost
let arm: TempHost
beforeAll(() => {
  x86 = tempHost()
  expect(x86.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '2').code).toBe(0)
  arm = tempHost()
  expect(arm.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'arm64', '--cpus', '2').code).toBe(0)
})
afterAll(() => {
  x86.cleanup()
  arm.cleanup()
})

const UUID = /"uuid": "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/

describe('xl create -n', () => {
  it('prints the parsed libxl_domain_config alone: no domid, memory only as set, empty sched_params', () => {
    const f = x86.file('n.cfg', cfg({name: 'g1', memory: 128, vcpus: 1, maxvcpus: 2, kernel: '/boot/vmlinuz'}))
    const r = x86.xl('create', '-n', f)
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(`Parsing config from ${f}\n`)
    expect(r.stdout).toMatch(UUID)
    expect(r.stdout.replace(UUID, '"uuid": "U"')).toBe([
      '{',
      '    "c_info": {',
      '        "type": "pv",',
      '        "name": "g1",',
      '        "uuid": "U",',
      '        "run_hotplug_scripts": "True"',
      '    },',
      '    "b_info": {',
      '        "max_vcpus": 2,',
      '        "avail_vcpus": [',
      '            0',
      '        ],',
      '        "max_memkb": 131072,',
      '        "target_memkb": 131072,',
      '        "sched_params": {',
      '',
      '        },',
      '        "claim_mode": "True",',
      '        "kernel": "/boot/vmlinuz",',
      '        "type.pv": {',
      '',
      '        },',
      '        "arch_arm": {',
      '',
      '        },',
      '        "arch_x86": {',
      '',
      '        }',
      '    },',
      '    "on_reboot": "restart",',
      '    "on_soft_reset": "soft_reset"',
      '}',
      '',
    ].join('\n'))
    expect(x86.xl('list').stdout.split('\n').filter(Boolean)).toHaveLength(2)
  })
  it('without memory or vcpus: no target_memkb, max_memkb nor avail_vcpus; a given uuid is kept', () => {
    const f = x86.file('bare.cfg', cfg({name: 'bare', uuid: '2aa0d5fd-f749-4a85-9916-6ab1195c7352'}))
    const out = x86.xl('create', '-n', f).stdout
    expect(out).toContain('"uuid": "2aa0d5fd-f749-4a85-9916-6ab1195c7352"')
    expect(out).toContain('"max_vcpus": 1,')
    for (const k of ['target_memkb', 'max_memkb', 'avail_vcpus', 'domid', 'numa_placement']) expect(out).not.toContain(`"${k}"`)
  })
})

describe('xl list -l', () => {
  it('x86: dom0 from its stub config (target one KiB short), a guest with domid 4294967295, video_memkb, msr_relaxed', () => {
    const f = x86.file('g.cfg', cfg({name: 'g', memory: 128, vcpus: 1, maxvcpus: 2, kernel: 'linux-6.1'}))
    expect(x86.xl('create', f).code).toBe(0)
    const r = x86.xl('list', '-l')
    expect(r.code).toBe(0)
    const list = JSON.parse(r.stdout)
    expect(r.stdout.endsWith(']\n\n')).toBe(true)
    expect(list[0]).toEqual({domid: 0, config: {
      c_info: {type: 'pv', name: 'Domain-0'},
      b_info: {max_memkb: 1048576, target_memkb: 1048575, sched_params: {sched: 'credit2', weight: 256, cap: 0},
        'type.pv': {}, arch_arm: {}, arch_x86: {}},
    }})
    const g = list[1]
    expect(g.domid).toBe(1)
    expect(Object.keys(g.config)).toEqual(['c_info', 'b_info', 'on_reboot', 'on_soft_reset'])
    expect(Object.keys(g.config.c_info)).toEqual(['type', 'name', 'domid', 'uuid', 'run_hotplug_scripts'])
    expect(g.config.c_info.domid).toBe(4294967295)
    expect(g.config.b_info).toEqual({
      max_vcpus: 2, avail_vcpus: [0], max_memkb: 131072, target_memkb: 131072, video_memkb: 0,
      sched_params: {sched: 'credit2', weight: 256, cap: 0}, claim_mode: 'True', kernel: 'linux-6.1',
      'type.pv': {}, arch_arm: {}, arch_x86: {msr_relaxed: 'False'},
    })
    expect(Object.keys(g.config.b_info)).toEqual(['max_vcpus', 'avail_vcpus', 'max_memkb', 'target_memkb', 'video_memkb',
      'sched_params', 'claim_mode', 'kernel', 'type.pv', 'arch_arm', 'arch_x86'])
  })
  it('arm64: PVH, no msr_relaxed', () => {
    const f = arm.file('g.cfg', cfg({name: 'g', memory: 128, kernel: 'linux-6.1'}))
    expect(arm.xl('create', f).code).toBe(0)
    const g = JSON.parse(arm.xl('list', '-l', 'g').stdout)[0]
    expect(g.config.c_info.type).toBe('pvh')
    expect(g.config.b_info['type.pvh']).toEqual({})
    expect(g.config.b_info.arch_x86).toEqual({})
    expect(g.config.c_info.domid).toBe(4294967295)
    expect(g.config.b_info.video_memkb).toBe(0)
    expect(g.config.b_info.sched_params).toEqual({sched: 'credit2', weight: 256, cap: 0})
  })
})
