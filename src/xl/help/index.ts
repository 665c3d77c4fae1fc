export * from './commands.js';
export * from './help.js';
