export {withHost, withHostDb, readHost, readHostDb, checkHost, initHost, destroyHost, finishTrace, type SessionOptions} from '../../state/session.js'
