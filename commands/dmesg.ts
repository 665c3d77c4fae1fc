import def from '../src/commands/dmesg.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
