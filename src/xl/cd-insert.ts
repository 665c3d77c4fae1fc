// main_cd_insert (tools/xl/xl_cdrom.c): cd_insert with the image path.
import {xlCommand} from './command.js'
import {cdInsert} from './cd-insert-common.js'

export default xlCommand({
  name: 'cd-insert',
  canDryrun: true,
  modifies: true,
  summary: 'Insert a cdrom into a guest\'s cd drive',
  usage: '<Domain> <VirtualDevice> <path>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cd-insert', requiredArgs: 3},
  main(c) {
    const [dom, vdev, file] = c.args as [string, string, string]
    return cdInsert(c, dom, vdev, file)
  },
})
