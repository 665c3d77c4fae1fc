import def from '../src/commands/shutdown.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
