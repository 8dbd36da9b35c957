// `cdk-cognito-protected-http-api/local`, copied to lib/local/testing.js: the testing entry point
// (src/local/testing/index.ts) lives in the runner's one bundle, lib/local/cli.js.
module.exports = require('./cli.js');
