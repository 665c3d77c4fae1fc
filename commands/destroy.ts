import def from '../src/commands/destroy.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
