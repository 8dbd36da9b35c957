import * as fs from 'fs';
import * as path from 'path';
import { CfnRoute, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RUNNER_TIMEOUT_MS, synthApp } from './helpers';
import { checkAccess, CheckAccessReport } from '../../src/local/app/check-access/check-access';
import { addExampleStacks } from '../example/app';
import { AuthorizationExampleStack } from '../example/authorization-example-stack';
import { BlogExampleStack } from '../example/blog-example-stack';

/**
 * `check-access` (issue #32 items 2 and 5): every route is called as each kind of caller its declared
 * policy tells apart, and the answers must match the declaration; overrides that open or loosen a
 * route are reported with the route, the caller and the cause.
 */

/** A route's L1 (`AWS::ApiGatewayV2::Route`), where escape-hatch overrides go, from `api.routes`. */
const routeOf = (routes: HttpRoute[], key: string): CfnRoute => routes
  .map((route) => route.node.defaultChild as CfnRoute)
  .find((cfn) => cfn.routeKey === key)!;

describe('the authorization example', () => {
  let report: CheckAccessReport;
  let seconds: number;
  let dir: string;

  beforeAll(async () => {
    dir = synthApp((app) => new AuthorizationExampleStack(app, 'AuthorizationExampleStack'));
    const started = Date.now();
    report = await checkAccess({ assemblyDir: dir, jsonFile: path.join(dir, 'access.json'), junitFile: path.join(dir, 'access.xml') });
    seconds = (Date.now() - started) / 1000;
    process.stdout.write(`check-access on the authorization example: ${seconds.toFixed(1)} s\n${report.table}\n`);
  }, RUNNER_TIMEOUT_MS);

  test('every route answers every caller as declared', () => {
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test.each([
    // [route, caller, expected answer]
    ['GET /health', 'no token', 'reached'],
    ['GET /me', 'no token', '401'],
    ['GET /me', 'malformed', '401'],
    ['GET /me', 'expired', '401'],
    ['GET /me', 'user id', 'reached'],
    ['GET /items', 'user access', '403'],
    ['GET /items', 'm2m reporting', 'reached'],
    ['POST /items', 'm2m reporting', '403'],
    ['DELETE /items/{id}', 'user access', '403'],
    ['DELETE /items/{id}', 'admin', 'reached'],
    // The IAM route (declared iam, granted to the Reporter's role): signatures, not tokens.
    ['GET /internal/report', 'unsigned', '403'],
    ['GET /internal/report', 'iam granted', 'reached'],
    ['GET /internal/report', 'iam not granted', '403'],
  ])('%s as %s: %s', (routeKey, caller, expected) => {
    const result = report.results.find((candidate) => candidate.route.routeKey === routeKey && candidate.caller === caller);
    expect({ expected: result?.expected, actual: result?.actual }).toEqual({ expected, actual: expected });
  });

  test('writes the JSON and JUnit reports', () => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'access.json'), 'utf-8'));
    expect(json.ok).toBe(true);
    expect(json.results).toHaveLength(report.results.length);
    const junit = fs.readFileSync(path.join(dir, 'access.xml'), 'utf-8');
    expect(junit).toContain('<testsuite name="AuthorizationExampleStack Api"');
    expect(junit).not.toContain('<failure');
  });
});

describe('the blog example, and planted overrides', () => {
  let report: CheckAccessReport;

  beforeAll(async () => {
    const dir = synthApp((app) => {
      new BlogExampleStack(app, 'BlogExampleStack');
      const planted = new AuthorizationExampleStack(app, 'PlantedStack');
      // (a) a signed-in route opened by an escape hatch; (b) a scope route's scopes removed.
      routeOf(planted.api.routes, 'GET /me').addPropertyOverride('AuthorizationType', 'NONE');
      routeOf(planted.api.routes, 'GET /items').addPropertyDeletionOverride('AuthorizationScopes');
      // (c) the declared IAM route opened.
      routeOf(planted.api.routes, 'GET /internal/report').addPropertyOverride('AuthorizationType', 'NONE');
      // An AWS_IAM route (plain aws-cdk-lib, no declared access), granted to one role of two.
      const reports = new HttpRoute(planted, 'IamReports', {
        httpApi: planted.api.httpApi,
        routeKey: HttpRouteKey.with('/iam-reports/{id}', HttpMethod.GET),
        integration: new HttpLambdaIntegration('IamReportsIntegration', new lambda.Function(planted, 'IamReportsFn', {
          runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ ok: true });'),
        })),
        authorizer: new HttpIamAuthorizer(),
      });
      reports.grantInvoke(new iam.Role(planted, 'ReportsReader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    });
    report = await checkAccess({ assemblyDir: dir });
    process.stdout.write(`${report.table}\n${report.mismatches.join('\n')}\n`);
  }, RUNNER_TIMEOUT_MS);

  test('the blog example answers as declared', () => {
    expect(report.results.filter((result) => result.stack === 'BlogExampleStack').length).toBeGreaterThan(0);
    expect(report.results.filter((result) => result.stack === 'BlogExampleStack' && result.expected !== result.actual)).toEqual([]);
  });

  test('(a) an overridden AuthorizationType is reported for each caller without a valid token', () => {
    const lines = report.mismatches.filter((line) => line.startsWith('GET /me '));
    expect(lines).toEqual([
      'GET /me answers 200 without a token but is declared signedIn (expected 401): '
        + 'its route\'s AuthorizationType is NONE in the template (an escape-hatch override?)',
      'GET /me answers 200 with a malformed token but is declared signedIn (expected 401): '
        + 'its route\'s AuthorizationType is NONE in the template (an escape-hatch override?)',
      'GET /me answers 200 with an expired token but is declared signedIn (expected 401): '
        + 'its route\'s AuthorizationType is NONE in the template (an escape-hatch override?)',
    ]);
  });

  test('(b) removed AuthorizationScopes are reported for each token lacking the scope', () => {
    const lines = report.mismatches.filter((line) => line.startsWith('GET /items '));
    const cause = 'its route has no AuthorizationScopes in the template (removed by an override?), so any valid token of the pool\'s clients passes (AuthorizationType JWT)';
    expect(lines).toEqual([
      `GET /items answers 200 with a signed-in user's ID token (no groups) but is declared scopes (api/items.read) (expected 403): ${cause}`,
      `GET /items answers 200 with a signed-in user's access token (no groups) but is declared scopes (api/items.read) (expected 403): ${cause}`,
      `GET /items answers 200 with the access token of a member of admin but is declared scopes (api/items.read) (expected 403): ${cause}`,
    ]);
  });

  test.each([
    ['unsigned', 403],
    ['iam granted', 200],
    ['iam not granted', 403],
  ])('the AWS_IAM route (from its AuthorizationType, granted to ReportsReader by its policy) as %s: %d', (caller, status) => {
    const result = report.results.find((candidate) => candidate.route.routeKey === 'GET /iam-reports/{id}' && candidate.caller === caller);
    expect(result).toMatchObject({ status, expected: status === 200 ? 'reached' : '403', actual: status === 200 ? 'reached' : '403' });
    if (caller === 'iam granted') expect(result?.callerPhrase).toMatch(/^signed as ReportsReader\w+ \(granted/);
  });

  test('(c) an IAM route whose AuthorizationType was overridden is reported for the callers IAM refuses', () => {
    const lines = report.mismatches.filter((line) => line.startsWith('GET /internal/report '));
    const declared = /is declared iam \(execute-api:Invoke granted to ReporterRole\w+\) \(expected 403\): its route's AuthorizationType is NONE in the template \(an escape-hatch override\?\)$/;
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^GET /internal/report answers 200 unsigned but ${declared.source}`)),
      expect.stringMatching(new RegExp(`^GET /internal/report answers 200 signed as \\w+ \\(no grant\\) but ${declared.source}`)),
    ]);
  });

  test('nothing else is reported', () => {
    expect(report.mismatches).toHaveLength(8);
  });
});

test('every example stack of the example app answers every caller as declared (JWT, external OIDC issuer, Lambda authorizer)', async () => {
  const dir = synthApp((app) => addExampleStacks(app));
  const report = await checkAccess({ assemblyDir: dir });
  expect(report.mismatches).toEqual([]);
  // A route that requires a claim (the Lambda authorizer): the machine client whose tokens carry it
  // (its `claims`, added by the construct's version-3 trigger) is reached, a user's token without it is not.
  const claimRoute = (caller: string) => report.results.find((result) => result.stack === 'ExternalIssuerExampleStack'
    && result.route.routeKey === 'GET /tenants/{id}/reports' && result.caller === caller);
  expect(claimRoute('m2m acme-reporting')).toMatchObject({ expected: 'reached', actual: 'reached' });
  expect(claimRoute('user access')).toMatchObject({ expected: '403', actual: '403' });
}, RUNNER_TIMEOUT_MS);
