// `xl runstate timeline` on a terminal: the full-screen loop around
// <TimelineScreen>. Each frame records the host for a moment in its own
// transaction (a manual clock runs forward, a wall clock catches up), the
// rows follow the newest sample unless panned back; `q` quits.
import {render} from 'ink'
import {TimelineHistory, timelineRows, timelineTitle, type TimelineSample} from '../../xl/timeline-view.js'
import {TimelineScreen} from './TimelineScreen.js'
import {KEY_HELP, timelineKeys, timelineReducer, type TimelineUi} from './state.js'

export interface TimelineOptions {
  /** One frame: record the host while a manual clock runs advanceNs (a wall clock: while it catches up). */
  sample(advanceNs: number): TimelineSample
  windowNs: number
  /** Real ms between frames. */
  frameMs?: number
  stdout?: NodeJS.WriteStream
  stdin?: NodeJS.ReadStream
}

const ALT_ON = '\x1b[?1049h\x1b[H'
const ALT_OFF = '\x1b[?1049l'
/** Columns taken by the label, the borders and the steal / pCPU tail. */
const CHROME = 5 + 2 + 16

export async function runTimelineInteractive(o: TimelineOptions): Promise<void> {
  const stdout = o.stdout ?? process.stdout
  const frameMs = o.frameMs ?? 250
  let ui: TimelineUi = {windowNs: o.windowNs, offsetNs: 0, quit: false}
  const history = new TimelineHistory(64 * o.windowNs)
  history.add(o.sample(0))
  let message = ''
  let timer: NodeJS.Timeout | undefined

  const view = () => {
    const s = history.latest!
    const cols = Math.max(10, (stdout.columns ?? 80) - CHROME)
    const v = {endNs: history.to - ui.offsetNs, windowNs: ui.windowNs, cols}
    const status = message || `${KEY_HELP}   ${ui.offsetNs > 0 ? 'panned (f follows)' : 'following'}`
    return <TimelineScreen title={timelineTitle(s, v, ui.offsetNs)} rows={timelineRows(history, s.vcpuIds, v)} cols={cols} status={status} onKey={onKey} />
  }
  stdout.write(ALT_ON)
  const app = render(view(), {stdout, stdin: o.stdin ?? process.stdin, exitOnCtrlC: true, patchConsole: false})

  function tick(): void {
    try {
      // A manual clock moves an eighth of the window per frame, so the view scrolls steadily.
      history.add(o.sample(Math.max(1000, Math.round(ui.windowNs / 8))))
      message = ''
    } catch (e) {
      message = `refresh failed: ${(e as Error).message.split('\n')[0]}`
    }
    app.rerender(view())
    timer = setTimeout(tick, frameMs)
  }

  function onKey(input: string, key: {leftArrow?: boolean; rightArrow?: boolean; ctrl?: boolean}): void {
    for (const a of timelineKeys(input, key)) {
      ui = timelineReducer(ui, a, history.to - history.from)
      if (ui.quit) {
        clearTimeout(timer)
        app.unmount()
        return
      }
    }
    app.rerender(view())
  }

  const redraw = () => app.rerender(view())
  stdout.on('resize', redraw)
  timer = setTimeout(tick, frameMs)
  try {
    await app.waitUntilExit()
  } finally {
    clearTimeout(timer)
    stdout.off('resize', redraw)
    stdout.write(ALT_OFF)
  }
}
