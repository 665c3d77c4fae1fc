import {Args} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {findDomain, rename} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'

export default class Rename extends XlCommand {
  static override summary = 'Rename a domain'
  static override args = {
    domain: Args.string({required: true, description: 'Domain'}),
    newName: Args.string({required: true, description: 'New name'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Rename)
    this.setState(flags.state)
    this.host(host => {
      const d = findDomain(host, args.domain)
      try {
        rename(host, d, args.newName)
      } catch (e) {
        if (!(e instanceof XlError)) throw e
        throw new XlError([...e.lines, `Can't rename domain '${args.domain}'.`])
      }
    })
  }
}
