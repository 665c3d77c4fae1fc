import def from '../../src/commands/clock/index.js'
import {oclifCommand} from '../../src/cli/oclif-command.js'

export default oclifCommand(def)
