import def from '../src/commands/mem-max.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
