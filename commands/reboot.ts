import def from '../src/commands/reboot.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
