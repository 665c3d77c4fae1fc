export {withHost, withHostDb, readHost, checkHost, initHost, destroyHost, type SessionOptions} from '../../state/session.js'
