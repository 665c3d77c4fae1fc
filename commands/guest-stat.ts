import def from '../src/commands/guest-stat.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
