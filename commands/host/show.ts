import def from '../../src/commands/host/show.js'
import {oclifCommand} from '../../src/cli/oclif-command.js'

export default oclifCommand(def)
