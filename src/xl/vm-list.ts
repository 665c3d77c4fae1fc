// main_vm_list (tools/xl/xl_info.c list_vm): libxl_list_vm, every domain
// that is not a stub domain (libxl_domain.c), dom0 included.
import {xlCommand} from './command.js'
import {domainsInOrder} from '../hypervisor/host.js'
import {padRight} from './format/printf.js'

export default xlCommand({
  name: 'vm-list',
  canDryrun: false,
  modifies: false,
  summary: 'List guest domains, excluding dom0, stubdoms, etc.',
  usage: '',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vm-list', requiredArgs: 0},
  json: true,
  main(c) {
    const vms = c.readHost(h => domainsInOrder(h).map(d => ({uuid: d.uuid, domid: d.domid, name: d.name})))
    if (c.json) return c.printJson(vms)
    c.out('UUID                                  ID    name\n' + vms.map(v => `${v.uuid}  ${v.domid}    ${padRight(v.name, 30)}\n`).join(''))
  },
})
