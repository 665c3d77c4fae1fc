import def from '../src/commands/mem-set.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
