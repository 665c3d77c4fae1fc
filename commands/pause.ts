import def from '../src/commands/pause.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
