// main_vkblist (tools/xl/xl_vkb.c): the header, then each domain's vkbs.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {vkbInfos} from '../libxl/device-info.js'
import {VKB_HEADER, vkbRow} from './format/device-lists.js'

export default xlCommand({
  name: 'vkb-list',
  canDryrun: false,
  modifies: false,
  summary: 'List virtual keyboard devices for a domain',
  usage: '<Domain(s)>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vkb-list', requiredArgs: 1},
  main(c) {
    c.out(VKB_HEADER)
    for (const a of c.args) c.out(c.readHost(h => vkbInfos(findDomain(h, a)).map(vkbRow).join('')))
  },
})
