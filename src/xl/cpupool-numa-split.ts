// main_cpupoolnumasplit (tools/xl/xl_cpupool.c): one pool per NUMA node.
// Only with Pool-0 alone; Pool-0 takes every free pCPU of the first node
// and becomes Pool-node0, dom0 keeps at most that node's pCPUs' worth of
// vCPUs online, and each other node gets a pool of its own. The simulated
// host has one node (0) holding every pCPU, so Pool-0 is all there is.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {cpupoolCpusXl, cpupoolRenameXl, listCpupools} from '../libxl/cpupool.js'
import {freeCpus} from '../hypervisor/sched/cpupool.js'
import {setVcpuOnline} from '../libxl/vcpu.js'

export default xlCommand({
  name: 'cpupool-numa-split',
  canDryrun: false,
  modifies: true,
  summary: 'Splits up the machine into one CPU pool per NUMA node',
  usage: '',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-numa-split', requiredArgs: 0},
  main(c) {
    c.host(host => {
      if (listCpupools(host).length > 1) throw new XlError('splitting not possible, already cpupools in use')
      // libxl_cpupool_cpuadd_node(0, node 0): the free pCPUs of the node (failures are not reported).
      cpupoolCpusXl(host, 0, freeCpus(host), true)
      cpupoolRenameXl(host, 0, 'Pool-node0')
      const n = host.config.cpus
      const dom0 = host.domains.get(0)
      if (!dom0) throw new XlError('error on getting info for Domain-0')
      const online = dom0.vcpus.filter(v => v.online).length
      if (online > n && setVcpuOnline(host, dom0, n) !== null) throw new XlError('error on removing vcpus for Domain-0')
    })
  },
})
