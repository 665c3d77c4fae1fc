import def from '../src/commands/debug-keys.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
