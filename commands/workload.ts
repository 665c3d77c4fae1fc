import def from '../src/commands/workload.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
