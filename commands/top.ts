import def from '../src/commands/top.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
