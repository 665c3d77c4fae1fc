import {memMaxXl} from '../toolstack/domains.js'
import {memCommand} from '../xl/mem-command.js'

export default memCommand('Set the maximum amount reservation for a domain', memMaxXl)
