// The receiver's command line main_migrate (xl_migrate.c) builds.
import {describe, expect, it} from 'vitest'
import {migrationRune, type RuneOptions} from '../../src/xl/migrate-rune.js'

const base: RuneOptions = {
  sshCommand: 'ssh', host: 'dst', passTty: false, timestamps: false, verbose: 0, daemonize: true, debug: false, pauseAfter: false,
}

describe('migrationRune', () => {
  it.each<[Partial<RuneOptions>, string]>([
    [{}, 'exec ssh dst xl migrate-receive'],
    [{sshCommand: 'ssh -p 2222'}, 'exec ssh -p 2222 dst xl migrate-receive'],
    [{passTty: true, timestamps: true}, 'exec ssh dst xl -t -T migrate-receive'],
    [{verbose: 1}, 'exec ssh dst xl -v migrate-receive'],
    [{verbose: 2}, 'exec ssh dst xl -vv migrate-receive'],
    // minmsglevel stops at 0: four -v at most
    [{verbose: 7}, 'exec ssh dst xl -vvvv migrate-receive'],
    [{daemonize: false, debug: true, pauseAfter: true}, 'exec ssh dst xl migrate-receive -e -d -p'],
    [{passTty: true, verbose: 1, daemonize: false, pauseAfter: true}, 'exec ssh dst xl -t -v migrate-receive -e -p'],
    // -s '': the host argument is the whole command
    [{sshCommand: '', host: 'xl --state /tmp/b.db migrate-receive', debug: true}, 'xl --state /tmp/b.db migrate-receive'],
  ])('%o', (o, rune) => {
    expect(migrationRune({...base, ...o})).toBe(rune)
  })
})
