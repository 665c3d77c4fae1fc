// main_channellist (tools/xl/xl_console.c): a channel is a console with a
// name; the pty connection shows its tty.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {channelInfos} from '../libxl/device-info.js'
import {CHANNEL_HEADER, channelRow} from './format/device-lists.js'

export default xlCommand({
  name: 'channel-list',
  canDryrun: false,
  modifies: false,
  summary: 'List virtual channel devices for a domain',
  usage: '<Domain(s)>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'channel-list', requiredArgs: 1},
  main(c) {
    c.out(CHANNEL_HEADER)
    for (const a of c.args) c.out(c.readHost(h => channelInfos(findDomain(h, a)).map(channelRow).join('')))
  },
})
