import def from '../src/commands/console.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
