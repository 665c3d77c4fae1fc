import {defineCommand} from '../../../cli/command-def.js'
import {withHostDb} from '../../../cli/session.js'
import {listSnapshots} from '../../../../state/snapshots.js'
import {formatDuration} from '../../../xl/duration.js'

export default defineCommand({
  summary: 'List saved snapshots',
  json: true,
  run({flags, json, out}) {
    const list = withHostDb({state: flags.state}, db => listSnapshots(db))
    if (json) return list
    out(`${'Name'.padEnd(24)} ${'Domains'.padStart(7)}  ${'Uptime'.padEnd(16)} Saved\n` + list.map(s =>
      `${s.name.padEnd(24)} ${String(s.domains).padStart(7)}  ${formatDuration(s.nowNs).padEnd(16)} ${new Date(s.createdMs).toISOString()}\n`).join(''))
    return undefined
  },
})
