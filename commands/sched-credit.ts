import def from '../src/commands/sched-credit.js'
import {oclifCommand} from '../src/cli/oclif-command.js'

export default oclifCommand(def)
