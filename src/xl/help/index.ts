export * from './help.js'
export type {CommandSpec} from '../command.js'
export type {GetoptSpec, LongOption} from '../getopt.js'
