export {withHost, withHostDb, readHost, readHostDb, checkHost, initHost, destroyHost, storedArch, type SessionOptions} from '../../state/session.js'
