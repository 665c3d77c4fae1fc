import {memSetXl} from '../libxl/mem.js'
import {memCommand} from '../xl/mem-command.js'

export default memCommand('Set the current memory usage for a domain', memSetXl)
