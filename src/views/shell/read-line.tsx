// One prompt on the terminal: render <Prompt>, apply keys from the shell's
// input queue until the line ends, leave the finished line on screen. The
// keys come from the queue, not from ink, so that what was typed ahead
// (while a command ran, or in the same write as the previous line's Enter)
// is all there, in order.
import {PassThrough} from 'node:stream'
import {render} from 'ink'
import type {Completion} from '../../shell/completion.js'
import type {TerminalInput} from '../../shell/input.js'
import {applyKey, initialLine, type LineResult} from '../../shell/line-editor.js'
import {Prompt} from './Prompt.js'

export interface ReadLineOptions {
  prompt: string
  history: readonly string[]
  complete(line: string, cursor: number): Completion
  input: TerminalInput
}

export async function readLine(o: ReadLineOptions): Promise<LineResult> {
  let line = initialLine(o.history)
  // ink never reads this stdin: the keys come from o.input.
  const app = render(<Prompt prompt={o.prompt} line={line} />, {stdin: new PassThrough() as unknown as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false})
  // Asked before unmount: asked after, ink would leave a beforeExit listener behind per prompt.
  const exited = app.waitUntilExit()
  for (;;) {
    const r = applyKey(line, await o.input.next(), o.history, o.complete)
    line = r.state
    if (r.done) {
      app.rerender(<Prompt prompt={o.prompt} line={line} done={r.done} />)
      app.unmount()
      await exited
      return r.done
    }
    app.rerender(<Prompt prompt={o.prompt} line={line} />)
  }
}
