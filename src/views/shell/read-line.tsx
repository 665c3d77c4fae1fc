// One prompt on the terminal: render <Prompt>, wait for the line, unmount,
// so that the command runs with the terminal to itself.
import {render} from 'ink'
import {Prompt, type LineResult, type PromptProps} from './Prompt.js'

export type {LineResult}

export async function readLine(props: Omit<PromptProps, 'onDone'>): Promise<LineResult> {
  let result: LineResult = {kind: 'eof'}
  const app = render(<Prompt {...props} onDone={r => (result = r)} />, {exitOnCtrlC: false, patchConsole: false})
  await app.waitUntilExit()
  return result
}
