import def from '../src/commands/vcpu-set.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
