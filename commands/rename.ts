import def from '../src/commands/rename.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
