// xl's global layer in front of oclif: getopt "+vftTN" global options, the
// unique-prefix command lookup, xl's usage and help texts and exit codes.
// Where oclif's defaults differ from xl, xl wins.
import {run, flush, handle} from '@oclif/core'

export async function main(argv: string[], dir: string): Promise<void> {
  try {
    await run(argv, dir)
    await flush()
  } catch (e) {
    await handle(e as Error)
  }
}
