#!/usr/bin/env node
// The xl entry point: xl's dispatcher (src/xl/main.ts) from the start-up
// bundle. Real xl commands run there; xlsim's own commands (host, clock,
// runstate, ...) are oclif commands it loads only when one of them runs.
const {main} = await import('../dist/bundle/xl.mjs')

await main(process.argv.slice(2), import.meta.url)
