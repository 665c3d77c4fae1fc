#!/usr/bin/env node
// The xl entry point: xl's dispatcher (src/xl/main.ts) from the start-up
// bundle, compiled with V8's code cache (code-cache.js). Real xl commands
// run there; xlsim's own commands (host, clock, runstate, ...) are oclif
// commands it loads only when one of them runs. CommonJS (bin/package.json):
// an ES module entry would cost Node's ES loader on every start.
'use strict'
require('./code-cache.js').install()
const {main} = require('../dist/bundle/xl.cjs')

main(process.argv.slice(2), require('node:url').pathToFileURL(__filename).href)
