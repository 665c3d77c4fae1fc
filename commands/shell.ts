import def from '../src/commands/shell.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
