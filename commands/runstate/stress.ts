import def from '../../src/commands/runstate/stress.js'
import {oclifCommand} from '../../src/cli/oclif-command.js'

export default oclifCommand(def)
