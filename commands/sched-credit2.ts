import def from '../src/commands/sched-credit2.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
