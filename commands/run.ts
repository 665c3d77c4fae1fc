import def from '../src/commands/run.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
