import def from '../../../src/commands/host/snapshot/list.js'
import {oclifCommand} from '../../../src/cli/oclif-command.js'

export default oclifCommand(def)
