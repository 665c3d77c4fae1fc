// main_cd_eject (tools/xl/xl_cdrom.c): cd_insert with no image.
import {xlCommand} from './command.js'
import {cdInsert} from './cd-insert-common.js'

export default xlCommand({
  name: 'cd-eject',
  canDryrun: true,
  modifies: true,
  summary: 'Eject a cdrom from a guest\'s cd drive',
  usage: '<Domain> <VirtualDevice>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cd-eject', requiredArgs: 2},
  main(c) {
    const [dom, vdev] = c.args as [string, string]
    return cdInsert(c, dom, vdev, null)
  },
})
