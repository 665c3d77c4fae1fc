import def from '../src/commands/create.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
