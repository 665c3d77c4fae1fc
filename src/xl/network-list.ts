// main_networklist (tools/xl/xl_nic.c): the header, then each domain's nics
// (find_domain: an unknown domain ends the command).
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {nicInfos} from '../libxl/device-info.js'
import {NETWORK_HEADER, networkRow} from './format/device-lists.js'

export default xlCommand({
  name: 'network-list',
  canDryrun: false,
  modifies: false,
  summary: 'List virtual network interfaces for a domain',
  usage: '<Domain(s)>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'network-list', requiredArgs: 1},
  main(c) {
    c.out(NETWORK_HEADER)
    for (const a of c.args) c.out(c.readHost(h => nicInfos(findDomain(h, a)).map(networkRow).join('')))
  },
})
