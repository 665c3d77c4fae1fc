export {withHost, withHostDb, readHost, readHostDb, checkHost, peekHost, initHost, destroyHost, type SessionOptions} from '../../state/session.js'
export {resolveStatePath} from '../../state/path.js'
