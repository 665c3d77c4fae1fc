import def from '../src/commands/domid.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
