import {describe, expect, it} from 'vitest'
import {loadTable} from '../../src/xl/help/index.js'
import {xlsimCommands} from '../../src/cli/xlsim-table.js'
import {cmdtableFor} from '../../src/xl/cmdtable.js'
import {completeLine, optionsOf, type CompletionSource} from '../../src/shell/completion.js'

const src: CompletionSource = {
  commands: [...await loadTable(), ...xlsimCommands()],
  builtins: ['exit', 'quit', 'help'],
  domains: () => ['Domain-0', 'guest1', 'guest2', 'web server'],
  files: prefix => ['examples/', 'examples/arm-guest.cfg', 'examples/x86-legacy.cfg'].filter(f => f.startsWith(prefix)),
}

/** Complete at the end of `line`. */
function tab(line: string) {
  return completeLine(line, line.length, src)
}

describe('completion of command names', () => {
  it('completes a unique prefix and adds a space', () => {
    expect(tab('vm-a')).toEqual({line: 'vm-assist ', cursor: 10, candidates: []})
    expect(tab('deb')).toMatchObject({line: 'debug-keys '})
  })

  it('extends to the common prefix and lists the matches', () => {
    expect(tab('sched')).toEqual({line: 'sched-', cursor: 6, candidates: ['sched-credit', 'sched-credit2', 'sched-rtds']})
    expect(tab('sched-')).toEqual({line: 'sched-', cursor: 6, candidates: ['sched-credit', 'sched-credit2', 'sched-rtds']})
  })

  it("offers the table of the host's arch: an arm64 xl has no save nor psr-*", async () => {
    const arm: CompletionSource = {...src, commands: [...await loadTable(cmdtableFor('arm64')), ...xlsimCommands()]}
    expect(completeLine('sa', 2, arm)).toEqual({line: 'sa', cursor: 2, candidates: []})
    expect(completeLine('ps', 2, arm).candidates).toEqual([])
    expect(tab('sa').line).toBe('save ')
  })

  it("knows xlsim's own commands and the shell's words", () => {
    expect(tab('runs').line).toBe('runstate ')
    expect(tab('she').line).toBe('shell ')
    expect(tab('qu').line).toBe('quit ')
    expect(tab('ex').line).toBe('exit ')
    expect(tab('ho').line).toBe('host ')
  })

  it('completes after global options, and global options themselves', () => {
    expect(tab('-N vm-a').line).toBe('-N vm-assist ')
    expect(tab('-').candidates).toEqual(['-N', '-T', '-f', '-t', '-v'])
  })

  it('leaves an unknown word alone', () => {
    expect(tab('zzz')).toEqual({line: 'zzz', cursor: 3, candidates: []})
  })

  it('completes in the middle of a line', () => {
    expect(completeLine('vm-a guest1', 4, src)).toEqual({line: 'vm-assist  guest1', cursor: 10, candidates: []})
  })

  it('completes command names after help', () => {
    expect(tab('help vcpu-l').line).toBe('help vcpu-list ')
  })
})

describe('completion of options', () => {
  it("offers a command's getopt options", () => {
    expect(tab('list -').candidates).toEqual(['--context', '--cpupool', '--help', '--long', '--numa', '--verbose', '-Z', '-c', '-h', '-l', '-n', '-v'])
    expect(tab('list --lo').line).toBe('list --long ')
    expect(tab('dmesg --c').line).toBe('dmesg --clear ')
  })

  it("takes ours from oclif's manifest", () => {
    expect(optionsOf(xlsimCommands().find(c => c.name === 'host')!)).toContain('--arch')
    expect(tab('vm-assist g --j').line).toBe('vm-assist g --json ')
    expect(tab('run --k').line).toBe('run --keep-going ')
  })
})

describe('completion of domain names and arguments', () => {
  it('completes domain names where the command takes a domain', () => {
    expect(tab('vm-assist Dom').line).toBe('vm-assist Domain-0 ')
    expect(tab('pause gu')).toEqual({line: 'pause guest', cursor: 11, candidates: ['guest1', 'guest2']})
    expect(tab('destroy -f gue').line).toBe('destroy -f guest')
    expect(tab('vcpu-list guest1 gu').candidates).toEqual(['guest1', 'guest2'])
    expect(tab('rename ').candidates).toEqual(['Domain-0', 'guest1', 'guest2', 'web server'])
  })

  it('quotes a name that needs it', () => {
    expect(tab('pause we').line).toBe(`pause 'web server' `)
    expect(tab(`pause 'we`).line).toBe(`pause 'web server' `)
    expect(tab(`pause "we`).line).toBe(`pause "web server" `)
  })

  it('does not offer domains where the command takes something else', () => {
    expect(tab('rename guest1 ').candidates).toEqual([])
    expect(tab('mem-set guest1 ').candidates).toEqual([])
    expect(tab('list ').candidates).toEqual(['Domain-0', 'guest1', 'guest2', 'web server'])
  })

  it("completes our commands' words", () => {
    expect(tab('vm-assist guest1 en').line).toBe('vm-assist guest1 enable ')
    expect(tab('vm-assist guest1 enable run').line).toBe('vm-assist guest1 enable runstate_update_flag ')
    expect(tab('host i').line).toBe('host init ')
    expect(tab('clock a').line).toBe('clock advance ')
  })

  it('completes config file paths for create and run', () => {
    expect(tab('create ex').line).toBe('create examples/')
    expect(tab('create examples/ar').line).toBe('create examples/arm-guest.cfg ')
    expect(tab('create -p examples/x').line).toBe('create -p examples/x86-legacy.cfg ')
  })

  it('reads the domains only when a domain name is wanted', () => {
    let calls = 0
    const counting = {...src, domains: () => (calls++, ['g'])}
    completeLine('vm-a', 4, counting)
    completeLine('list -', 6, counting)
    expect(calls).toBe(0)
    expect(completeLine('list ', 5, counting).line).toBe('list g ')
    expect(calls).toBe(1)
  })
})
