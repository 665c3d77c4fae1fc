import def from '../../src/commands/runstate/check.js'
import {oclifCommand} from '../../src/cli/oclif-command.js'

export default oclifCommand(def)
