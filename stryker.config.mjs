// @ts-check
/**
 * Mutation testing of the code that decides who gets in (`npx projen test:mutation`; see
 * CONTRIBUTING.md "Mutation testing"). Each file must keep a mutation score of at least 90%
 * (`test/mutation/check-scores.mjs` checks it per file, after the run).
 */

/** The authorization-critical files. */
const MUTATE = [
  'src/construct/authorization-checks.ts',
  'src/construct/route-authorization.ts',
  'src/construct/api-route-validation.ts',
  'src/handlers/jwt-authorizer/rules.ts',
  'src/local/jwt-authorizer.ts',
  'src/local/route-matcher.ts',
];

/**
 * The tests that state their behaviour. Every mutant runs only the tests that covered it in the dry
 * run (`coverageAnalysis: 'perTest'`), and jest loads only the test files related to the mutated
 * file (`enableFindRelatedTests`), so a local-runner mutant never pays for a CDK synth.
 */
const TEST_FILES = [
  // src/construct: synth-time checks and RouteAuthorization
  'test/construct/authorization.test.ts',
  'test/construct/authorization-decisions.test.ts',
  'test/construct/errors.test.ts',
  'test/construct/token-authorizer.test.ts',
  // src/handlers: the JWT Lambda authorizer, from its source (JWT_AUTHORIZER_FROM_SOURCE=1, set by the task)
  'test/handlers/jwt-authorizer/jwt-authorizer.test.ts',
  'test/handlers/jwt-authorizer/claim-rules.test.ts',
  // src/local: API Gateway's JWT authorizer and route selection
  'test/local/jwt-authorizer-rules.test.ts',
  'test/local/route-matcher.test.ts',
  'test/local/route-matching-rules.test.ts',
];

/**
 * Mutants that change no behaviour (none can be killed by any test). `check-scores.mjs` counts each
 * surviving mutant listed here as equivalent rather than survived, and fails when a listed one no
 * longer survives or no longer exists (so the list cannot go stale). `original` is the mutated
 * source text, `replacement` Stryker's replacement, both exact.
 *
 * @type {Array<{ file: string; mutator: string; original: string; replacement: string; reason: string }>}
 */
export const equivalentMutants = [
  {
    file: 'src/local/route-matcher.ts', mutator: 'MethodExpression', original: "path.split('/').slice(1)", replacement: "path.split('/')",
    reason: 'every route and request path starts with "/": one more leading empty segment on both sides changes no comparison',
  },
  {
    file: 'src/local/route-matcher.ts', mutator: 'EqualityOperator', original: 'i < Math.min(a.segments.length, b.segments.length)', replacement: 'i <= Math.min(a.segments.length, b.segments.length)',
    reason: 'two routes that tie on their common segments and can match one request have the same length (a greedy segment is last), so the extra step compares two missing segments (equal)',
  },
  {
    file: 'src/local/route-matcher.ts', mutator: 'MethodExpression', original: 'Math.min(a.segments.length, b.segments.length)', replacement: 'Math.max(a.segments.length, b.segments.length)',
    reason: 'as above: the routes whose order matters tie only at equal lengths, where min and max are equal',
  },
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: MUTATE,
  testRunner: 'jest',
  coverageAnalysis: 'perTest',
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: true,
    // The project's jest configuration (package.json), limited to the tests above.
    config: {
      testMatch: TEST_FILES.map((file) => `<rootDir>/${file}`),
      collectCoverage: false,
      reporters: ['default'],
    },
  },
  // The sandbox is a copy of the project: leave out what the tests do not read.
  ignorePatterns: [
    'dist', 'cdk.out', '.venv', '.venv-lint', '.bench', 'coverage', 'test-reports',
    'test/consumers', 'test/integ', 'test/bench', '.jsii.tabl.json',
  ],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'test-reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'test-reports/mutation/mutation.json' },
  // The per-file threshold is check-scores.mjs's; Stryker's own applies to the total only.
  thresholds: { high: 95, low: 90, break: null },
};
