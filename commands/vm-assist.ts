import def from '../src/commands/vm-assist.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
