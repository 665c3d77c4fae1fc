#!/usr/bin/env node
// The xl entry point: xl's global layer (options, abbreviations, help) then oclif.
import {main} from '../dist/src/cli/main.js'

await main(process.argv.slice(2), import.meta.url)
