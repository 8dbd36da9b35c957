import * as fs from 'fs';
import { awscdk, javascript, JsonFile } from 'projen';
import { configureRelease, releaseOptions, TEST_ENV, TEST_TASKS_AFTER_BUILD } from './projenrc/release';

/** The one aws-cdk-lib version every language's build and tests use (the Go proxy serves it). */
const CDK_VERSION = '2.220.0';
/** constructs-go v10.4.2 is the newest the Go module proxy serves here. */
const CONSTRUCTS_VERSION = '10.4.2';
/** jsii-pacmak's Go output requires jsii-runtime-go at pacmak's own version; v1.119.0 is served. */
const JSII_PACMAK_VERSION = '1.119.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-cognito-protected-http-api',
  description:
    'An AWS CDK L3 construct: a Cognito user pool, its app clients and a Lambda-backed API Gateway HTTP API whose routes are protected by a JWT authorizer by default.',
  author: 'cdk-cognito-protected-http-api contributors',
  authorAddress: 'maintainers@cdk-cognito-protected-http-api.invalid',
  repositoryUrl: 'https://github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'awscdk', 'cognito', 'apigatewayv2', 'http-api', 'jwt', 'authorizer', 'lambda'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',

  cdkVersion: CDK_VERSION,
  constructsVersion: CONSTRUCTS_VERSION,

  // Handlers are bundled below; their construct classes are written by hand (secure defaults).
  lambdaAutoDiscover: false,
  // Three worlds: src/construct (jsii, synth time), src/handlers (bundled into assets/, run in
  // Lambda) and src/local (the local runner CLI, bundled into lib/local/). Only the first is jsii's.
  excludeTypescript: ['src/handlers/**', 'src/local/**'],

  publishToPypi: {
    distName: 'cdk-cognito-protected-http-api',
    module: 'cdk_cognito_protected_http_api',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkcognitoprotectedhttpapi',
    mavenGroupId: 'io.github.cdkcognitoprotectedhttpapi',
    mavenArtifactId: 'cdk-cognito-protected-http-api',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api-go',
  },

  // ---- release (projenrc/release.ts): versions, changelog, publib, the GitHub workflows ----
  ...releaseOptions,
  // ---- end release ----

  devDeps: [
    '@types/aws-lambda',
    'aws-cdk@2',
    'cdk-nag@~2.37.55',
    'fast-check@^4',
    // The JWT Lambda authorizer (src/jwt-authorizer.lambda.ts): esbuild inlines aws-jwt-verify into
    // the asset; jose signs the test tokens (v5: v6 is ESM-only; the tests run as CommonJS under ts-jest).
    'aws-jwt-verify@^5.2.1',
    'jose@^5',
    // Control Tower's proactive controls as cfn-guard rules (binary included), run on the examples.
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // The blog flow on AWS (integ-runner compares its snapshot in CI without deploying).
    '@aws-cdk/integ-tests-alpha@2.214.0-alpha.0',
    '@aws-cdk/integ-runner@^2.197.10',
    // The browser test (test/local/browser.test.ts) drives the system's Chromium (Debian's chromium).
    'playwright-core@^1',
    // The real-client suite (test/local/clients/): the sign-in libraries apps use, against the runner.
    'amazon-cognito-identity-js@^6',
    'aws-amplify@^6',
    'openid-client@^6',
    // Passkeys on the local Cognito (WebAuthn registration and assertion checks): 14.0 is the last line on Node.js 20.
    '@simplewebauthn/server@~14.0.3',
    // Mutation testing of the authorization code (`npx projen test:mutation`): 9.x is the last line
    // that runs on Node.js 20 (10.x needs Node.js 22); the jest runner pins the core's exact version.
    '@stryker-mutator/core@9.6.1',
    '@stryker-mutator/jest-runner@9.6.1',
    // The notes example's Node.js handler and the runner's tests call DynamoDB and S3 through the SDK
    // v3, external to the bundle as in NodejsFunction (Lambda's runtime provides it; the runner too).
    '@aws-sdk/client-dynamodb@^3',
    '@aws-sdk/lib-dynamodb@^3',
    '@aws-sdk/client-s3@^3',
    // `check-access --region` (a deployed stack): inlined by esbuild into lib/local/cli.js.
    '@aws-sdk/client-cloudformation@^3',
    '@aws-sdk/client-cognito-identity-provider@^3',
    // The runner checks SigV4 on IAM-authorized routes with the SDK's own signer: inlined into lib/local/cli.js.
    '@smithy/signature-v4@^5',
    // The runner's tests of a function that invokes another (the pre-token-generation trigger's chain): as Lambda's runtime provides it.
    '@aws-sdk/client-lambda@^3',
    '@aws-crypto/sha256-js@^5',
  ],

  jestOptions: {
    jestConfig: {
      // Bundling never happens in tests: the handler assets are built by `pre-compile`.
      coverageReporters: ['text-summary'],
      snapshotSerializers: ['<rootDir>/test/asset-hash-serializer.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/dump-templates.ts'],
    },
  },

  gitignore: ['.bench/', '.jsii.tabl.json', 'test/integ/*.snapshot/asset.*', 'cdk.out/', 'local-endpoints.json', '.venv/', '.venv-lint/', 'test/consumers/**/target/', 'test/consumers/**/cdk.out/'],
});

// Handlers shipped with the library are bundled at build time (`src/handlers/*.lambda.ts` →
// `assets/handlers/<name>.lambda/index.js`, inside every language's package); never at the consumer's
// synth. The runtime is pinned: Node.js 24 (bundledRuntime() in src/construct/functions/bundled-function.ts);
// the bundles keep Node.js 22 syntax, so the tests and the local runner also load them on older Node.js.
for (const entry of fs.readdirSync('src/handlers').filter((file) => file.endsWith('.lambda.ts')).sort()) {
  project.bundler.addBundle(`src/handlers/${entry}`, {
    platform: 'node',
    target: 'node22',
    externals: ['@aws-sdk/*'],
    minify: true,
    sourcemap: false,
  });
}

// The TypeScript consumer compiles against the built package with its own tsconfig, not the repo's sources.
project.tsconfigDev.addExclude('consumers/typescript/**');
// Handler code may import devDependencies: esbuild inlines them into the asset.
project.eslint?.allowDevDeps('src/handlers/**');
project.eslint?.allowDevDeps('src/local/**');

// The worlds outside jsii get their own tsconfig: editors and eslint resolve the nearest one, and
// `tsc -p src/<world>` type-checks them (jsii compiles only src/construct and src/shared).
for (const world of ['handlers', 'local']) {
  new JsonFile(project, `src/${world}/tsconfig.json`, {
    obj: {
      extends: '../../tsconfig.json',
      compilerOptions: { rootDir: '..', noEmit: true },
      include: ['**/*.ts', '../shared/**/*.ts'],
      exclude: [],
    },
  });
}

// Type-check what jest (isolated modules) and jsii do not: the handlers, the runner and the tests themselves.
project.testTask.prependExec('tsc -p test');
project.testTask.prependExec('tsc -p src/local');
project.testTask.prependExec('tsc -p src/handlers');

// Each world imports only src/shared (and its own files): a handler never pulls construct code into
// its bundle, the construct never ships runner code, and shared code depends on nothing of theirs.
const worlds = ['construct', 'handlers', 'local'];
/** The runner's concepts and the ones each may import ('*.ts': the base files at src/local's root, which every concept may import). */
const localConcepts: Record<string, string[]> = {
  'testing': ['app', 'api', 'cognito', 'lambda', 'aws-resources'],
  'app': ['api', 'cognito', 'lambda', 'aws-resources'],
  'api': ['lambda', 'aws-resources'],
  'cognito': ['lambda', 'aws-resources'],
  'lambda': ['aws-resources'],
  'aws-resources': [],
  '*.ts': [],
};
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      ...worlds.map((world) => ({
        target: `./src/${world}`,
        from: worlds.filter((other) => other !== world).map((other) => `./src/${other}`),
        message: `src/${world} may import only its own files and src/shared.`,
      })),
      { target: './src/shared', from: worlds.map((world) => `./src/${world}`), message: 'src/shared imports nothing of the three worlds.' },
      // Inside the runner, each concept imports only the ones below it (CONTRIBUTING.md, "The local
      // runner"): testing → app → api, cognito → lambda → aws-resources → the base files at src/local's root.
      ...Object.entries(localConcepts).map(([concept, below]) => ({
        target: concept === '*.ts' ? './src/local/*.ts' : `./src/local/${concept}`,
        from: Object.keys(localConcepts).filter((other) => other !== '*.ts' && other !== concept && !below.includes(other)).map((other) => `./src/local/${other}`),
        message: `src/local/${concept} may import only ${[...below, 'the base files at src/local/*.ts'].join(', ')}.`,
      })).filter((zone) => zone.from.length),
    ],
  }],
  // No import cycle anywhere in src/ (a cycle is how a lower concept starts depending on a higher one).
  'import/no-cycle': ['error', { ignoreExternal: true }],
});

// The local runner (`npx cdk-cognito-protected-http-api local`): one self-contained file with its
// devDependencies (jose) inlined, plus the worker scripts its child processes run.
project.addBins({ 'cdk-cognito-protected-http-api': 'lib/local/cli.js' });
const bundleCli = project.addTask('bundle:local-cli', {
  description: 'Bundle the local runner CLI (src/local) into lib/local/cli.js',
  steps: [
    // The runner's one bundle: the CLI and the testing entry point (src/local/testing/package-entry.ts).
    { exec: 'esbuild src/local/testing/package-entry.ts --bundle --platform=node --target=node20 --outfile=lib/local/cli.js --banner:js="#!/usr/bin/env node" --log-level=warning' },
    { exec: 'mkdir -p lib/local/workers && cp src/local/lambda/workers/node-worker.js src/local/lambda/workers/python-worker.py lib/local/workers/ && chmod +x lib/local/cli.js' },
  ],
});
project.postCompileTask.spawn(bundleCli);

// `cdk-cognito-protected-http-api/local` — the testing entry point (src/local/testing): startLocal()
// for a team's own jest, vitest or node:test tests. Node.js only, outside the jsii API (the main entry
// point and the four languages' packages are unchanged): lib/local/testing.js re-exports it from the
// runner's bundle (cli.js), with the declarations of its two public files (index.ts, types.ts), which
// import nothing else. `typesVersions` serves them to TypeScript's node10 resolution too (`cdk init`'s).
const bundleTesting = project.addTask('bundle:local-testing', {
  description: 'The testing entry point: lib/local/testing.js (from the runner\'s bundle) and its declarations',
  steps: [
    { exec: 'cp src/local/testing/testing.js lib/local/testing.js' },
    { exec: 'rm -rf .testing-types && tsc -p src/local --noEmit false --declaration --emitDeclarationOnly --outDir .testing-types' },
    { exec: 'mkdir -p lib/local/testing && cp .testing-types/local/testing/index.d.ts .testing-types/local/testing/types.d.ts lib/local/testing/ && rm -rf .testing-types' },
  ],
});
project.postCompileTask.spawn(bundleTesting);
project.gitignore.addPatterns('.testing-types/');
// A worktree's node_modules is a symlink to the main clone's: `node_modules/` matches only the directory.
project.gitignore.addPatterns('/node_modules');
project.gitignore.addPatterns('__pycache__/');
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './local': { types: './lib/local/testing/index.d.ts', default: './lib/local/testing.js' },
  './package.json': './package.json',
  './.jsii': './.jsii',
});
project.package.addField('typesVersions', { '*': { local: ['lib/local/testing/index.d.ts'] } });

// `npx projen demo` — the blog's flow (sign up, confirm, log in, call) against the local runner.
project.addTask('demo', {
  description: 'Synthesize the example app and run the blog flow against the local runner (Cognito emulated by moto): 401 / 200 / 200',
  steps: [
    { spawn: 'bundle' },
    { exec: 'ts-node --transpile-only test/example/demo.ts' },
  ],
});

// jsii-pacmak's Go output pins jsii-runtime-go to pacmak's own version: use one the proxy serves.
project.deps.removeDependency('jsii-pacmak');
project.addDevDeps(`jsii-pacmak@${JSII_PACMAK_VERSION}`);

// jsii-pacmak's Go output requires every transitive jsii dependency at the version installed in
// node_modules. @aws-cdk/asset-node-proxy-agent-v6 resolves to 2.1.3, whose Go module the Go proxy here
// does not serve (v2.1.0-v2.1.2 are): pin it to the version aws-cdk-go v2.220.0 itself requires.
project.package.addField('overrides', { '@aws-cdk/asset-node-proxy-agent-v6': '2.1.0' });

// pacmak's Java build resolves aws-cdk-lib into a fresh temporary Maven repository on every run
// unless told to reuse the user's one (minutes of downloads saved per build).
project.tasks.tryFind('package:java')!.reset('jsii-pacmak -v --target java --maven-local-repository=$HOME/.m2/repository');

// jsii calls Node.js 20 end-of-life; the machines run it, so keep the banner quiet.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// `npx projen dist:all` — the README's build command: every language package under dist/.
const distAll = project.addTask('dist:all', {
  description: 'Compile, then build the npm, Python, Java and Go packages into dist/',
});
for (const step of ['default', 'pre-compile', 'compile', 'post-compile', 'package-all']) {
  distAll.spawn(project.tasks.tryFind(step)!);
}

// `npx projen example` — synthesize the blog example with the CDK CLI and print its routes.
project.addTask('example', {
  description: 'Synthesize the example stack (the blog stack, rebuilt with this construct) into cdk.out/',
  steps: [
    { exec: 'cdk synth --quiet --app "ts-node --prefer-ts-exts test/example/app.ts" --output cdk.out' },
    { exec: 'ts-node --prefer-ts-exts test/example/print-routes.ts cdk.out' },
  ],
});

// `npm run bench` — synth time of the example against the same stack written with plain L2s, at 1 to
// 300 routes, and as a whole `node app.js` process (with the library's import time); the JWT Lambda
// authorizer bundle against raw aws-jwt-verify (throughput, cold start, size); the first run's moto
// install with uv against pip.
const bench = project.addTask('bench', {
  description: 'Benchmarks (ratios measured side by side in one run)',
});
bench.spawn(project.tasks.tryFind('bundle')!);
bench.spawn(project.tasks.tryFind('compile')!);
bench.exec('ts-node --prefer-ts-exts test/bench/synth.bench.ts');
bench.exec('ts-node --prefer-ts-exts test/bench/route-scale.bench.ts');
bench.exec('ts-node --prefer-ts-exts test/bench/process.bench.ts');
bench.exec('ts-node --prefer-ts-exts test/bench/jwt-authorizer.bench.ts');
bench.exec('ts-node --transpile-only test/bench/local-gateway.bench.ts');
bench.exec('ts-node --transpile-only test/bench/srp-sign-in.bench.ts');
// The testing entry point: startLocal() to ready, a user, api.fetch() against a plain fetch.
bench.exec('ts-node --transpile-only test/bench/start-local.bench.ts');
// The first run's emulator install (moto's venv): uv against pip, cold and with warm package caches (needs PyPI).
bench.exec('ts-node --transpile-only test/bench/moto-install.bench.ts');
// serverless-offline 13.10 on Serverless Framework v3 (v4 needs a login) for test/bench/peer-gateway.bench.ts,
// installed once into .bench/sls (git-ignored), outside the project's dependencies; no install scripts run.
bench.exec('npm install --prefix .bench/sls --no-save --no-package-lock --no-audit --no-fund --ignore-scripts serverless@3.39.0 serverless-offline@13.10.1', {
  condition: '[ ! -e .bench/sls/node_modules/serverless-offline/package.json ]',
});
bench.exec('ts-node --transpile-only test/bench/peer-gateway.bench.ts');

// `npx projen test:lint` — cfn-lint on every synthesized template, checkov on the example.
project.addTask('test:lint', {
  description: 'cfn-lint every template the tests and the example synthesized; checkov the example (needs test + example first)',
  exec: 'bash test/lint/run.sh',
});

// `npx projen test:consumers [typescript|python|java|go ...]` — the packages in dist/ (build them
// with `dist:all` first) used by a CDK app in each language; every template must equal the example's.
project.addTask('test:consumers', {
  description: 'Synthesize the example (reference) and the blog example with the npm, Python, Java and Go packages from dist/; compare the templates',
  exec: 'test/consumers/run.sh',
  receiveArgs: true,
});

// `npx projen test:readme` — every TypeScript block of the README (in the compiled .jsii) compiles
// against the fixture in rosetta/, so Construct Hub can show it in Python, Java, Go and C#.
project.addTask('test:readme', {
  description: 'Compile every README TypeScript example with jsii-rosetta in strict mode (needs compile first)',
  exec: 'jsii-rosetta extract --strict',
});

// The packages carry only what users run (a test lists the tarball).
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('/rosetta/');
project.addPackageIgnore('/.jsii.tabl.json');
project.addPackageIgnore('/.bench/');
project.addPackageIgnore('/.venv-lint/');
project.addPackageIgnore('/cdk.out/');
project.addPackageIgnore('/local-endpoints.json');
project.addPackageIgnore('/CONTRIBUTING.md');

// The blog flow on AWS (test/integ/integ.blog-flow.ts, @aws-cdk/integ-tests-alpha). `test:integ`
// compares the committed snapshot without deploying; `integ:snapshot` rewrites it after an intended
// template change (no deploy); `integ:deploy` deploys and asserts the flow in your AWS account.
const integRunner = "integ-runner --directory test/integ --language typescript --app 'node -r ts-node/register/transpile-only {filePath}'";
project.addTask('test:integ', { description: 'Compare the integration test snapshot (no deploy, no AWS account)', exec: integRunner });
project.addTask('integ:snapshot', { description: 'Rewrite the integration test snapshot without deploying', exec: `${integRunner} --dry-run --update-on-failed --force` });
project.addTask('integ:deploy', { description: 'Deploy the blog flow integration test to your AWS account, assert it, destroy it', exec: `${integRunner} --update-on-failed --force` });

// `npx projen test:newest-cdk` — the second aws-cdk-lib lane: the newest 2.x (resolved when it runs):
// jest, the example with template validation against the CloudFormation schemas, TS + Python consumers.
project.addTask('test:newest-cdk', {
  description: 'Run jest, the example synthesis (schema validation on) and the TypeScript and Python consumers on the newest aws-cdk-lib 2.x (needs dist:all first)',
  exec: 'test/newest-cdk/run.sh',
});

// `npx projen test:mutation` — StrykerJS over the code that decides who gets in (stryker.config.mjs):
// the handler tests run the mutated source instead of the bundle; HTML and JSON reports in
// test-reports/mutation/; fails when a file's mutation score is below 90% (test/mutation/check-scores.mjs).
// About 20 minutes on two cores: run by the build workflow (build.yml), not by test:all (CONTRIBUTING.md).
project.addTask('test:mutation', {
  description: 'Mutation testing (StrykerJS) of the authorization code; fails when a file scores below 90%',
  env: { JWT_AUTHORIZER_FROM_SOURCE: '1' },
  steps: [
    { exec: 'stryker run' },
    { exec: 'node test/mutation/check-scores.mjs' },
  ],
});
project.gitignore.addPatterns('.stryker-tmp/');
project.addPackageIgnore('/.stryker-tmp/');
project.addPackageIgnore('/stryker.config.mjs');
// ---- release (projenrc/release.ts): `test:release` (the offline rehearsal), actionlint, Construct Hub ----
// The build workflow's post-build steps (after `npx projen build`) are configured there, in
// BUILD_WORKFLOW_POST_BUILD_TASKS (test:mutation runs there).
configureRelease(project);
// ---- end release ----

// `npx projen test:all` — the README's test command: every test, on the packages just built.
// The release rehearsal (`test:release`) runs `npx projen release` in a scratch clone of HEAD: its
// build is where jest and eslint run (once) and where every language's package is built (once);
// publib puts them into local registries and the four consumers install them by name. jest dumps its
// templates into this checkout's test-reports/ (an absolute TEMPLATE_DUMP_DIR) for test:lint;
// test:newest-cdk reuses the rehearsal's dist/ (PACKAGES_DIR).
const testAll = project.addTask('test:all', {
  description: 'Compile, lint the workflows, run the README examples, the integ snapshot, the release rehearsal (its build runs jest and eslint and every package; four consumers install from registries; jsii-diff), the example synthesis, the template linters and the newest aws-cdk-lib lane',
  env: { TEMPLATE_DUMP_DIR: `$(echo "$PWD/${TEST_ENV.TEMPLATE_DUMP_DIR}")`, PACKAGES_DIR: TEST_ENV.PACKAGES_DIR },
});
testAll.exec(`rm -rf ${TEST_ENV.TEMPLATE_DUMP_DIR}`);
for (const step of ['default', 'pre-compile', 'compile', 'post-compile', ...TEST_TASKS_AFTER_BUILD]) {
  testAll.spawn(project.tasks.tryFind(step)!);
}

project.synth();
