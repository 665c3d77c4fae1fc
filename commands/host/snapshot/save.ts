import def from '../../../src/commands/host/snapshot/save.js'
import {oclifCommand} from '../../../src/cli/oclif-command.js'

export default oclifCommand(def)
