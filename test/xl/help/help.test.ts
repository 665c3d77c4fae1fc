import {describe, expect, it} from 'vitest'
import {
  commands,
  COMMAND_NAMES,
  commandOptionLetters,
  commandOptionsWithArg,
  findCommand,
  formatCommandHelp,
  formatOptionNotSupported,
  formatRequiresArgs,
  loadTable,
} from '../../../src/xl/help/index.js'

await loadTable()

describe('findCommand (xl cmdtable_lookup)', () => {
  it('accepts a unique prefix', () => {
    expect(findCommand('li', commands())?.name).toBe('list')
    expect(findCommand('dm', commands())?.name).toBe('dmesg')
    expect(findCommand('upt', commands())?.name).toBe('uptime')
  })
  it('an exact name wins even when it prefixes another command', () => {
    expect(findCommand('sched-credit', commands())?.name).toBe('sched-credit')
    expect(findCommand('pci-list', commands())?.name).toBe('pci-list')
    expect(findCommand('list', commands())?.name).toBe('list')
  })
  it('an ambiguous prefix is not found (xl: "command not implemented")', () => {
    expect(findCommand('vcpu', commands())).toBeNull()
    expect(findCommand('sched-credit2x', commands())).toBeNull()
    expect(findCommand('d', commands())).toBeNull()
    expect(findCommand('', commands())).toBeNull()
  })
  it('"help" is not a table command', () => {
    expect(findCommand('help', commands())).toBeNull()
    expect(findCommand('he', commands())).toBeNull()
  })
  it('unknown names are not found', () => {
    expect(findCommand('bogus', commands())).toBeNull()
  })
})

describe('command table', () => {
  it('has the 92 commands of xl 4.17 (x86) in table order', () => {
    expect(COMMAND_NAMES.length).toBe(92)
    expect(COMMAND_NAMES[0]).toBe('create')
    expect(COMMAND_NAMES.at(-1)).toBe('qemu-monitor-command')
    expect(new Set(COMMAND_NAMES).size).toBe(92)
  })
  it('exposes the getopt letters', () => {
    expect(commandOptionLetters('list').sort()).toEqual(['Z', 'c', 'h', 'l', 'n', 'v'])
    expect(commandOptionLetters('sched-credit').sort()).toEqual(['c', 'd', 'h', 'm', 'p', 'r', 's', 't', 'w'])
    expect(commandOptionsWithArg('sched-credit2').sort()).toEqual(['c', 'd', 'p', 'r', 'w'])
    expect(commandOptionLetters('vcpu-list')).toEqual(['h'])
    expect(commandOptionLetters('getenforce')).toEqual([])
    expect(commands().find((c) => c.name === 'config-update')?.getopt?.helpName).toBe('config_update')
  })
})

describe('formatCommandHelp (xl help <cmd>, xl <cmd> -h)', () => {
  it('list', () => {
    expect(formatCommandHelp('list')).toBe(
      'Usage: xl [-vtT] list [options] [Domain]\n' +
        '\n\n' +
        'List information about all/some domains.\n\n' +
        'Options:\n\n' +
        '-l, --long              Output all VM details\n' +
        '-v, --verbose           Prints out UUIDs and security context\n' +
        '-Z, --context           Prints out security context\n' +
        '-c, --cpupool           Prints the cpupool the domain is in\n' +
        '-n, --numa              Prints out NUMA node affinity\n',
    )
  })
  it('a command without options has no Options section; f/N flags follow the table', () => {
    expect(formatCommandHelp('pause')).toBe('Usage: xl [-vtTf] pause <Domain>\n\nPause execution of a domain.\n\n')
    expect(formatCommandHelp('create').startsWith('Usage: xl [-vtTfN] create <ConfigFile> [options] [vars]\n\n')).toBe(
      true,
    )
  })
  it('takes prefixes, and reports unknown commands on stdout', () => {
    expect(formatCommandHelp('dm')).toBe(
      'Usage: xl [-vtT] dmesg [-c]\n\nRead and/or clear dmesg buffer.\n\nOptions:\n\n' +
        '  -c                        Clear dmesg buffer as well as printing it\n',
    )
    expect(formatCommandHelp('vcpu')).toBe('command "vcpu" not implemented\n')
    expect(formatCommandHelp('config_update')).toBe('command "config_update" not implemented\n')
  })
  it('claims has an empty option text', () => {
    expect(formatCommandHelp('claims')).toBe(
      'Usage: xl [-vtT] claims \n\nList outstanding claim information about all domains.\n\nOptions:\n\n\n',
    )
  })
})

describe('getopt messages', () => {
  it('unknown option', () => {
    expect(formatOptionNotSupported('x')).toBe("option `x' not supported.\n")
    expect(formatOptionNotSupported('')).toBe("option `\0' not supported.\n")
  })
  it('missing arguments', () => {
    expect(formatRequiresArgs('pause', 1)).toBe("'xl pause' requires at least 1 argument.\n\n")
    expect(formatRequiresArgs('rename', 2)).toBe("'xl rename' requires at least 2 arguments.\n\n")
  })
})
