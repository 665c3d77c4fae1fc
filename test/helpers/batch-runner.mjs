// Runs many xl command lines through the built CLI's real entry point
// (dist/src/xl/main.js dispatch, as bin/run.js does) in ONE process, so a
// test can check dozens of command lines without paying node + oclif start-up
// for each. Input: JSON array of argv arrays on stdin. Output: JSON array of
// {stdout, stderr, code}. State file from XLSIM_STATE, as for bin/run.js.
import {readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

const root = resolve(import.meta.dirname, '..', '..')
const {dispatch} = await import(pathToFileURL(join(root, 'dist', 'src', 'xl', 'main.js')).href)
const dir = pathToFileURL(join(root, 'bin', 'run.js')).href
const lines = JSON.parse(readFileSync(0, 'utf8'))
const realOut = process.stdout.write.bind(process.stdout)
const realErr = process.stderr.write.bind(process.stderr)
const results = []
for (const argv of lines) {
  let stdout = ''
  let stderr = ''
  process.stdout.write = (chunk) => ((stdout += chunk), true)
  process.stderr.write = (chunk) => ((stderr += chunk), true)
  const io = {stdout: t => void (stdout += t), stderr: t => void (stderr += t)}
  let code
  try {
    code = await dispatch(argv, dir, io)
  } catch (e) {
    stderr += `runner: ${e?.stack ?? e}\n`
    code = -1
  } finally {
    process.stdout.write = realOut
    process.stderr.write = realErr
  }
  results.push({stdout, stderr, code})
}
process.stdout.write(JSON.stringify(results))
