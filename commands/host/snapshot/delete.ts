import def from '../../../src/commands/host/snapshot/delete.js'
import {oclifCommand} from '../../../src/cli/oclif-command.js'

export default oclifCommand(def)
