import def from '../../../src/commands/host/snapshot/load.js'
import {oclifCommand} from '../../../src/cli/oclif-command.js'

export default oclifCommand(def)
