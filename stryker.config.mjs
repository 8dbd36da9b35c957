// @ts-check
/**
 * Mutation testing of the code that decides who gets in (`npx projen test:mutation`; see
 * CONTRIBUTING.md "Mutation testing"). Each file must keep a mutation score of at least 90%
 * (`test/mutation/check-scores.mjs` checks it per file, after the run).
 */

/** The authorization-critical files. */
const MUTATE = [
  'src/construct/authorization/authorization-checks.ts',
  'src/construct/authorization/route-authorization.ts',
  'src/construct/api/api-route-validation.ts',
  'src/handlers/jwt-authorizer/rules.ts',
  'src/local/api/jwt-authorizer.ts',
  'src/local/api/route-matcher.ts',
  'src/local/cognito/oauth-grant-rules.ts',
];

/**
 * The tests that state their behaviour. Every mutant runs only the tests that covered it in the dry
 * run (`coverageAnalysis: 'perTest'`), and jest loads only the test files related to the mutated
 * file (`enableFindRelatedTests`), so a local-runner mutant never pays for a CDK synth. The
 * construct's decisions are stated on the functions that make them: the synthesizing suites
 * (authorization.test.ts and the like) synthesize outside their tests, so every mutant they reach
 * would be "static" and re-run them whole (hours on two cores).
 */
const TEST_FILES = [
  // src/construct: synth-time checks, RouteAuthorization, route validation
  'test/construct/authorization-decisions.test.ts',
  // src/handlers: the JWT Lambda authorizer, from its source (JWT_AUTHORIZER_FROM_SOURCE=1, set by the task)
  'test/handlers/jwt-authorizer/jwt-authorizer.test.ts',
  'test/handlers/jwt-authorizer/claim-rules.test.ts',
  // src/local: API Gateway's JWT authorizer and route selection
  'test/local/jwt-authorizer-rules.test.ts',
  'test/local/jwt-authorizer-decisions.test.ts',
  'test/local/route-matcher.test.ts',
  'test/local/route-matching-rules.test.ts',
  // src/local: the local token endpoint's grant checks (Cognito's "Token endpoint" errors)
  'test/local/oauth-grant-rules.test.ts',
];

/**
 * Mutants that change no behaviour (none can be killed by any test). `check-scores.mjs` counts each
 * surviving mutant listed here as equivalent rather than survived, and fails when a listed one no
 * longer survives or no longer exists (so the list cannot go stale). `original` is the mutated
 * source text, `replacement` Stryker's replacement, both exact; `line`, when given, is text of the
 * mutant's source line (where `original` occurs more than once in the file).
 *
 * @type {Array<{ file: string; mutator: string; original: string; replacement: string; line?: string; reason: string }>}
 */
export const equivalentMutants = [
  {
    file: 'src/local/cognito/oauth-grant-rules.ts', mutator: 'ArrayDeclaration', original: "[]", replacement: "[\"Stryker was here\"]", line: "client.CallbackURLs ?? []",
    reason: "a client without callback URLs: the placeholder is no URL, and a redirect_uri is one (Cognito's authorize endpoint), so it is refused either way",
  },
  {
    file: 'src/local/cognito/oauth-grant-rules.ts', mutator: 'ArrayDeclaration', original: "[]", replacement: "[\"Stryker was here\"]", line: "client.AllowedOAuthFlows ?? []).includes",
    reason: "a client without flows: the placeholder is neither 'code' nor 'implicit', the only flows looked up",
  },
  {
    file: 'src/local/cognito/oauth-grant-rules.ts', mutator: 'Regex', original: "/^Basic\\s+(.+)$/i", replacement: "/^Basic\\s+(.+)/i",
    reason: "an HTTP header value has no line break, and `.+` runs to the end of any other",
  },
  {
    file: 'src/local/cognito/oauth-grant-rules.ts', mutator: 'Regex', original: "/^Basic\\s+(.+)$/i", replacement: "/^Basic\\s(.+)$/i",
    reason: "further spaces then lead the credentials, and base64 decoding skips whitespace",
  },
  {
    file: 'src/local/cognito/oauth-grant-rules.ts', mutator: 'StringLiteral', original: "''", replacement: "\"Stryker was here!\"", line: "String(authorization ?? '')",
    reason: "no Authorization header: the placeholder is no Basic auth either, so the form is read",
  },
  {
    file: 'src/local/cognito/oauth-grant-rules.ts', mutator: 'ArrayDeclaration', original: "[]", replacement: "[\"Stryker was here\"]", line: "(client.AllowedOAuthScopes ?? []).filter",
    reason: "the placeholder has no '/' and is filtered out with the other non-resource-server scopes",
  },
  {
    file: 'src/local/cognito/oauth-grant-rules.ts', mutator: 'Regex', original: "/\\s+/", replacement: "/\\s/",
    reason: "splitting at each whitespace character only adds empty scopes, which filter(Boolean) removes",
  },
  {
    file: 'src/local/api/route-matcher.ts', mutator: 'MethodExpression', original: "path.split('/').slice(1)", replacement: "path.split('/')",
    reason: 'every route and request path starts with "/": one more leading empty segment on both sides changes no comparison',
  },
  {
    file: 'src/local/api/route-matcher.ts', mutator: 'EqualityOperator', original: 'i < Math.min(a.segments.length, b.segments.length)', replacement: 'i <= Math.min(a.segments.length, b.segments.length)',
    reason: 'two routes that tie on their common segments and can match one request have the same length (a greedy segment is last), so the extra step compares two missing segments (equal)',
  },
  {
    file: 'src/local/api/route-matcher.ts', mutator: 'MethodExpression', original: 'Math.min(a.segments.length, b.segments.length)', replacement: 'Math.max(a.segments.length, b.segments.length)',
    reason: 'as above: the routes whose order matters tie only at equal lengths, where min and max are equal',
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'StringLiteral', original: "'algorithm mismatch'", replacement: "\"\"",
    reason: "the error is caught and answered 'the token signature is invalid': its message is never read",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'ConditionalExpression', original: "typeof value === 'string'", replacement: "false", line: "typeof value === 'string' ? value",
    reason: "claimsAsStrings: a string then reaches String(value), the same string",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'StringLiteral', original: "'string'", replacement: "\"\"", line: "typeof value === 'string' ? value",
    reason: "claimsAsStrings: as above, String() of a string is the string",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'ConditionalExpression', original: "typeof value === 'object' && value !== null", replacement: "true",
    reason: "claimsAsStrings: for the other JSON values (number, boolean, null) JSON.stringify(value) === String(value)",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'LogicalOperator', original: "typeof value === 'object' && value !== null", replacement: "typeof value === 'object' || value !== null",
    reason: "claimsAsStrings: as above, JSON.stringify and String agree on numbers, booleans and null",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'ConditionalExpression', original: "typeof value === 'object'", replacement: "true",
    reason: "claimsAsStrings: as above",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'ConditionalExpression', original: "value !== null", replacement: "true",
    reason: "claimsAsStrings: JSON.stringify(null) === String(null) === 'null'",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'ArrayDeclaration', original: "[]", replacement: "[\"Stryker was here\"]",
    reason: "tokenScopes' empty result and deny()'s default scopes: compared only with route scopes (none is a placeholder), or unused by the 401 header",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'ConditionalExpression', original: "!key", replacement: "true",
    reason: "importKey: the cache only saves work; importing again gives an equal key",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'LogicalOperator', original: "jwk.alg ?? alg", replacement: "jwk.alg && alg",
    reason: "jose imports an RSA JWK without alg all the same; the algorithm is enforced by the alg check and compactVerify's algorithms",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'Regex', original: "/^Bearer\\s+/i", replacement: "/Bearer\\s+/i",
    reason: "a 'Bearer ' later in the value leaves what precedes it in front of the token, which is then no JWT either way",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'ObjectLiteral', original: "{ algorithms: [header.alg] }", replacement: "{}",
    reason: "the header's alg is already limited to RSA and to the key's alg; jose verifies with the header's alg either way",
  },
  {
    file: 'src/local/api/jwt-authorizer.ts', mutator: 'ConditionalExpression', original: "typeof value === 'string'", replacement: "true", line: "this.config.audience.includes(value)",
    reason: "the audience check: the configured audiences are strings, so includes() is false for a non-string anyway",
  },
  {
    file: 'src/handlers/jwt-authorizer/rules.ts', mutator: 'EqualityOperator', original: "value.indexOf('.', firstDot + 1) < 0", replacement: "value.indexOf('.', firstDot + 1) <= 0",
    reason: "a second dot is searched after the first, which is at index 1 or later: it is never at index 0",
  },
  {
    file: 'src/handlers/jwt-authorizer/rules.ts', mutator: 'ConditionalExpression', original: "scalar === undefined", replacement: "false",
    reason: "an undefined scalar then reaches !claims[name].includes(undefined), true as well: the configured values are strings",
  },
  {
    file: 'src/handlers/jwt-authorizer/rules.ts', mutator: 'Regex', original: "/^bearer[ \\t]+/i", replacement: "/bearer[ \\t]+/i",
    reason: "a 'Bearer ' later in the value: its length is cut from the front, leaving the match's space in the value, which is refused either way",
  },
  {
    file: 'src/construct/authorization/authorization-checks.ts', mutator: 'Regex', original: "/^(.*)\\/\\{[^}]+\\+\\}$/", replacement: "/^(.*)\\/\\{[^}]+\\+\\}/",
    reason: "validateRoutePath refuses a greedy segment that is not the last, so a route path never goes on after `{name+}`",
  },
  {
    file: 'src/construct/authorization/authorization-checks.ts', mutator: 'Regex', original: "/^(.*)\\/\\{[^}]+\\+\\}$/", replacement: "/(.*)\\/\\{[^}]+\\+\\}$/",
    reason: "`(.*)` is greedy from the first position: the match starts at 0 with or without `^`",
  },
  {
    file: 'src/construct/authorization/authorization-checks.ts', mutator: 'ConditionalExpression', original: "path !== greedy", replacement: "true",
    reason: "the same path reaches covers() only for a public method beside a protected ANY (the method check then fails) or a duplicate route (refused by validateRoute)",
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
