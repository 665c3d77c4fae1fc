#!/usr/bin/env node
// The xl entry point: xl's global layer (options, abbreviations, help) then the
// command. The bundle is the start-up path; XLSIM_OCLIF=1 runs the commands
// through oclif from the unbundled build instead (the reference runtime).
const entry = process.env.XLSIM_OCLIF === '1' ? '../dist/src/cli/main.js' : '../dist/bundle/xl.mjs'
const {main} = await import(entry)

await main(process.argv.slice(2), import.meta.url)
