import {arg, defineCommand} from '../cli/command-def.js'
import {findDomain, rename} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'

export default defineCommand({
  summary: 'Rename a domain',
  args: {
    domain: arg({required: true, description: 'Domain'}),
    newName: arg({required: true, description: 'New name'}),
  },
  run({args, host}) {
    host(h => {
      const d = findDomain(h, args.domain)
      try {
        rename(h, d, args.newName)
      } catch (e) {
        if (!(e instanceof XlError)) throw e
        throw new XlError([...e.lines, `Can't rename domain '${args.domain}'.`])
      }
    })
  },
})
