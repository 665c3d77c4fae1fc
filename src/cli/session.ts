export {withHost, withHostDb, readHost, readHostDb, checkHost, initHost, destroyHost, type SessionOptions} from '../../state/session.js'
