// Failures of the state file itself, each one line for the user, exit 1.
export class StateError extends Error {
  readonly exitCode = 1
}
