import def from '../src/commands/unpause.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
