// `xl top` on a terminal: the full-screen loop around <TopScreen>. Each
// refresh takes one short sample (its own transaction, so other xl processes
// are never kept waiting between frames), keys update the UI state, `q`
// (or Ctrl-C) unmounts and the terminal is given back as it was.
import {render} from 'ink'
import {sortRows, topFrame, type TopFrame, type TopSample} from '../../xl/top-view.js'
import {TopScreen} from './TopScreen.js'
import {isHostBusy} from '../../shell/busy.js'
import {frameIntervalMs, initialUi, keyActions, topReducer, type KeyFlags, type TopAction, type TopUiState} from './state.js'

export interface InteractiveOptions {
  /** One sample in its own transaction; a manual clock is first run forward by advanceNs. */
  sample(advanceNs: number): TopSample
  delayS: number
  speed: number
  /** -i: quit after this many frames. */
  iterations?: number
  stdout?: NodeJS.WriteStream
  stdin?: NodeJS.ReadStream
  /** Real time in ms (tests may fake it). */
  nowMs?: () => number
  /** Use the terminal's alternate screen (default true), as top does. */
  altScreen?: boolean
}

const ALT_ON = '\x1b[?1049h\x1b[H'
const ALT_OFF = '\x1b[?1049l'

/**
 * The first frame, waiting out another process's write lock (later frames
 * that meet it show `refresh failed` and try again at the next tick).
 */
async function firstSample(o: InteractiveOptions): Promise<TopSample> {
  for (let said = false; ; said = true) {
    try {
      return o.sample(0)
    } catch (e) {
      if (!isHostBusy(e)) throw e
      if (!said) process.stderr.write('xl top: the host is locked by another xl process; waiting for it\n')
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
}

/** Resolves to the name of the domain whose timeline `t` asked for, if it did. */
export async function runTopInteractive(o: InteractiveOptions): Promise<string | undefined> {
  const stdout = o.stdout ?? process.stdout
  const now = o.nowMs ?? Date.now
  let cur = await firstSample(o)
  let lastMs = now()
  let frame: TopFrame = topFrame(cur, null)
  let ui: TopUiState = initialUi({delayS: o.delayS, speed: o.speed, manual: cur.clock === 'manual'})
  let timer: NodeJS.Timeout | undefined
  let frames = 1

  const view = () => <TopScreen frame={frame} ui={ui} height={stdout.rows} width={stdout.columns} onKey={onKey} />
  const alt = o.altScreen ?? true
  if (alt) stdout.write(ALT_ON)
  const app = render(view(), {stdout, stdin: o.stdin ?? process.stdin, exitOnCtrlC: true, patchConsole: false})

  function schedule(): void {
    clearTimeout(timer)
    timer = setTimeout(tick, frameIntervalMs(ui))
  }

  function tick(): void {
    const t = now()
    try {
      // Manual clock: `speed` simulated seconds per real second. Wall clock:
      // the transaction's own catch-up has already moved time; just read.
      const advanceNs = ui.manual ? Math.round(ui.speed * Math.max(0, t - lastMs) * 1e6) : 0
      const next = o.sample(advanceNs)
      frame = topFrame(next, cur)
      cur = next
      lastMs = t
      if (ui.message?.startsWith('refresh failed')) ui = {...ui, message: null}
    } catch (e) {
      ui = {...ui, message: `refresh failed: ${(e as Error).message.split('\n')[0]}`}
    }
    app.rerender(view())
    if (o.iterations !== undefined && ++frames >= o.iterations) act({type: 'quit'})
    else schedule()
  }

  function onKey(input: string, key: KeyFlags): void {
    for (const a of keyActions(input, key, ui)) if (!ui.quit) act(a)
  }

  function act(a: TopAction): void {
    const before = ui
    ui = topReducer(ui, a)
    if (ui.quit) {
      clearTimeout(timer)
      app.unmount()
      return
    }
    app.rerender(view())
    if (ui.delayS !== before.delayS || ui.speed !== before.speed) schedule()
  }

  const redraw = () => app.rerender(view())
  const stop = () => act({type: 'quit'})
  stdout.on('resize', redraw)
  process.once('SIGTERM', stop)
  process.once('SIGHUP', stop)
  if (o.iterations === 1) act({type: 'quit'})
  else schedule()
  try {
    await app.waitUntilExit()
  } finally {
    clearTimeout(timer)
    stdout.off('resize', redraw)
    process.off('SIGTERM', stop)
    process.off('SIGHUP', stop)
    if (alt) stdout.write(ALT_OFF)
  }
  if (!ui.timeline) return undefined
  const rows = sortRows(frame.rows, ui.sort, ui.reverse)
  return rows[Math.min(ui.selected, rows.length - 1)]?.name
}
