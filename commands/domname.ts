import def from '../src/commands/domname.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
