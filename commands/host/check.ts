import def from '../../src/commands/host/check.js'
import {oclifCommand} from '../../src/cli/oclif-command.js'

export default oclifCommand(def)
