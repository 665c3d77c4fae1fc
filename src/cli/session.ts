export {withHost, withHostDb, readHost, readHostDb, checkHost, initHost, destroyHost, finishTrace, storedArch, type SessionOptions} from '../../state/session.js'
