import def from '../../src/commands/runstate/index.js'
import {oclifCommand} from '../../src/cli/oclif-command.js'

export default oclifCommand(def)
