/**
 * The one bundle of the runner (lib/local/cli.js): the CLI (`main`, run when the file is the
 * process's main module: cli.ts checks) and the testing entry point, which lib/local/testing.js
 * re-exports, so the npm package carries the runner once.
 */
export * from './index';
export { main } from '../app/cli';
