import {memMaxXl} from '../libxl/mem.js'
import {memCommand} from '../xl/mem-command.js'

export default memCommand('Set the maximum amount reservation for a domain', memMaxXl)
