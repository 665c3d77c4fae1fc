import def from '../src/commands/uptime.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
