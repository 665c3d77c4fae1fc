import def from '../src/commands/vcpu-pin.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
