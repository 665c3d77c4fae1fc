// The timeline on a terminal for a domain, from `xl top`'s `t` (and the same
// as `xl runstate timeline <Domain>` there): the first frame catches the
// host up without recording, later ones record.
import {sampleTimeline} from '../../xl/timeline-view.js'
import {runTimelineInteractive} from './interactive.js'

export async function runTimeline(state: string | undefined, domain: string, windowNs = 100_000_000): Promise<void> {
  let first = true
  await runTimelineInteractive({
    windowNs,
    sample: ns => {
      const s = sampleTimeline(state, domain, first ? 0 : ns, !first)
      first = false
      return s
    },
  })
}
