import {Args, Flags} from '@oclif/core'
import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {findDomain} from '../../src/libxl/domain.js'
import {XlError} from '../../src/libxl/errors.js'
import {runstateStress} from '../../src/guest/runstate-stress.js'
import {formatStress} from '../../src/xl/stress-view.js'
import {XEN_RELEASES} from '../../src/hypervisor/host.js'

export default class RunstateStress extends XlsimCommand {
  static override summary = "Read another vCPU's runstate area while the host runs; count torn reads"
  static override description = 'Runs the host forward (1 ms steps, at most 10 simulated minutes) while vCPU 1 of the domain reads vCPU 0\'s record through the bytes the hypervisor writes at each context switch, the stores and loads interleaved at random (seeded). Local reads (vCPU 0 reading itself) are counted too. With runstate_update_flag and the series\' reader: 0 torn. With a Linux 4.6 guest on Xen 4.7, remote reads tear; local reads never do. Exit status: 0 when reads were made, 1 when vCPU 0 was never switched in or out in the window (nothing was tested) or on an error.'
  static override examples = ['<%= config.bin %> runstate stress g1 --reads 10000 --seed 1']
  static override enableJsonFlag = true
  static override args = {domain: Args.string({ignoreStdin: true, required: true, description: 'Domain'})}
  static override flags = {
    reads: Flags.integer({default: 10000, min: 1, max: 10_000_000, description: 'remote snapshot reads to make'}),
    seed: Flags.integer({default: 1, min: 0, max: 2 ** 32 - 1, description: 'seed of the interleavings'}),
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(RunstateStress)
    const r = (await this.session(flags.state)).host(h => {
      const d = findDomain(h, args.domain)
      let r
      try {
        r = runstateStress(h, d, {reads: flags.reads, seed: flags.seed, stepNs: 1_000_000, maxNs: 600e9})
      } catch (e) {
        throw new XlError(`xl: ${(e as Error).message}`)
      }
      return {r, text: formatStress(d, r, h.config.arch, XEN_RELEASES[h.config.xen])}
    })
    if (this.jsonEnabled()) return r.r
    this.out(r.text)
    return undefined
  }
}
