import def from '../src/commands/info.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
