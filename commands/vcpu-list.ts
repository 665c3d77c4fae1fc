import def from '../src/commands/vcpu-list.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
