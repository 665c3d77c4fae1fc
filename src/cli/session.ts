export {withHost, withHostDb, readHost, readHostDb, checkHost, peekHost, migrationsPending, initHost, destroyHost, finishTrace, storedArch, type SessionOptions} from '../../state/session.js'
export {resolveStatePath} from '../../state/path.js'
