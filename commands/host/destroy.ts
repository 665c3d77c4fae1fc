import def from '../../src/commands/host/destroy.js'
import {oclifCommand} from '../../src/cli/oclif-command.js'

export default oclifCommand(def)
