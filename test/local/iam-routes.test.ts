import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { call, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { signRequest } from '../../src/local/api/sigv4';
import { EndpointsDocument } from '../../src/local/app/runner';
import { TestApp } from '../../src/local/testing/local-app';

/**
 * `AuthorizationType: AWS_IAM` routes run locally: SigV4 checked with the template's roles' local
 * credentials, their identity policies evaluated for `execute-api:Invoke` on the route's ARN, and
 * API Gateway's answers for each refusal. Built with plain aws-cdk-lib (`HttpIamAuthorizer`,
 * `HttpRoute.grantInvoke`), so the template is what any app synthesizes.
 *
 * The refusals' texts are AWS's: knowledge center "How do I troubleshoot HTTP 403 errors from API
 * Gateway?" (repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden: the message and the
 * `x-amzn-errortype` of each) and "How do I troubleshoot signature mismatch errors when making SigV4
 * signed requests with IAM authentication to API Gateway?" (repost.aws/knowledge-center/api-gateway-iam-sigv4-mismatch);
 * the 5-minute window: "Signature expired: … (… - 5 min.)" (repost.aws/knowledge-center/lambda-sdk-signature).
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const ECHO = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.authorizer ?? null) });';

/**
 * Signs a GET of the URL in its body (else `reports` under its API_URL, the API's public URL) with its
 * own execution role's credentials (Lambda's environment), and calls it.
 */
const CALLER = `
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');
exports.handler = async (event) => {
  const url = new URL(JSON.parse(event.body || '{}').url ?? new URL('reports', process.env.API_URL));
  const signer = new SignatureV4({ service: 'execute-api', region: process.env.AWS_REGION, sha256: Sha256, credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN } });
  const signed = await signer.sign({ method: 'GET', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host } });
  const { host, ...headers } = signed.headers;
  const response = await fetch(url, { headers });
  return { statusCode: 200, body: JSON.stringify({ status: response.status, body: await response.text() }) };
};`;

let local: TestRunner;
let url: string;
let endpoints: EndpointsDocument;

beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'IamStack');
    const httpApi = new HttpApi(stack, 'Api');
    const echo = new lambda.Function(stack, 'Echo', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline(ECHO) });
    const iamRoute = (id: string, routePath: string) => new HttpRoute(stack, id, {
      httpApi, routeKey: HttpRouteKey.with(routePath, HttpMethod.GET), integration: new HttpLambdaIntegration(`${id}Echo`, echo), authorizer: new HttpIamAuthorizer(),
    });
    const reports = iamRoute('Reports', '/reports');
    const wild = iamRoute('Wild', '/wild');
    const lambdaRole = () => new iam.ServicePrincipal('lambda.amazonaws.com');

    const granted = new iam.Role(stack, 'Granted', { assumedBy: lambdaRole() });
    reports.grantInvoke(granted);
    new iam.Role(stack, 'NotGranted', { assumedBy: lambdaRole() });
    const denied = new iam.Role(stack, 'Denied', { assumedBy: lambdaRole() });
    denied.addToPolicy(new iam.PolicyStatement({ actions: ['execute-api:*'], resources: ['*'] }));
    denied.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['execute-api:Invoke'], resources: [httpApi.arnForExecuteApi('GET', '/reports')] }));
    const wildcard = new iam.Role(stack, 'Wildcard', { assumedBy: lambdaRole() });
    wildcard.addToPolicy(new iam.PolicyStatement({ actions: ['execute-api:in*'], resources: [httpApi.arnForExecuteApi('*', '/w?ld')] }));

    const caller = (id: string, role?: iam.IRole) => new HttpRoute(stack, `${id}Route`, {
      httpApi,
      routeKey: HttpRouteKey.with(`/call-as/${id.toLowerCase()}`, HttpMethod.POST),
      integration: new HttpLambdaIntegration(`${id}Integration`, new lambda.Function(stack, id, {
        runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline(CALLER), role, environment: { API_URL: httpApi.url! },
      })),
    });
    caller('GrantedCaller', granted);
    caller('Outsider');
    void wild;
  }));
  url = local.runner.stack('IamStack').apis[0].url;
  endpoints = JSON.parse(fs.readFileSync(path.join(path.dirname(local.runner.endpointsFile!), 'local-endpoints.json'), 'utf-8'));
});

afterAll(async () => {
  await local?.runner.stop();
});

const principal = (logicalId: string) => {
  const found = Object.entries(endpoints.stacks[0].iamPrincipals).find(([id]) => id.startsWith(logicalId));
  if (!found) throw new Error(`no principal ${logicalId} in ${Object.keys(endpoints.stacks[0].iamPrincipals)}`);
  return found[1];
};

async function signedCall(target: string, as: string, change: {
  secretAccessKey?: string; accessKeyId?: string; sessionToken?: string | null; signingDate?: Date; after?: (headers: Record<string, string>) => void;
} = {}) {
  const p = principal(as);
  const credentials = {
    accessKeyId: change.accessKeyId ?? p.accessKeyId,
    secretAccessKey: change.secretAccessKey ?? p.secretAccessKey,
    ...change.sessionToken === null ? {} : { sessionToken: change.sessionToken ?? p.sessionToken },
  };
  const headers = await signRequest(credentials, 'us-east-1', target, { signingDate: change.signingDate });
  change.after?.(headers);
  return call(target, { headers });
}

test('the endpoints file lists every role of the template (by logical id) with local credentials', () => {
  const ids = Object.keys(endpoints.stacks[0].iamPrincipals).sort();
  expect(ids.map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['Denied', 'EchoServiceRole', 'Granted', 'NotGranted', 'OutsiderServiceRole', 'Wildcard']);
  expect(principal('Granted')).toEqual({
    roleName: expect.stringMatching(/^IamStack-Granted/),
    arn: expect.stringMatching(/^arn:aws:iam::123456789012:role\/IamStack-Granted/),
    accessKeyId: expect.stringMatching(/^ASIA[0-9A-Z]{16}$/),
    secretAccessKey: expect.stringMatching(/^\S{40}$/),
    sessionToken: expect.any(String),
  });
});

describe('API Gateway\'s answers on an AWS_IAM route (GET /reports, granted to the Granted role only)', () => {
  const invalidToken = { errorType: 'AccessDeniedException', message: 'The security token included in the request is invalid.' };
  const mismatch = {
    errorType: 'InvalidSignatureException',
    message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  };
  type Expected = { errorType?: string; message: string | RegExp };
  const cases: Array<[string, number, () => Promise<{ status: number; body: any; headers: Headers }>, Expected]> = [
    ['no signature', 403, () => call(`${url}reports`), { errorType: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }],
    ['a bearer token instead of a signature', 403, () => call(`${url}reports`, { token: 'abc' }),
      { errorType: 'IncompleteSignatureException', message: /^Authorization header requires 'Credential' parameter\. .*Authorization=Bearer abc$/ }],
    ['a key no principal has', 403, () => signedCall(`${url}reports`, 'Granted', { accessKeyId: 'ASIAUNKNOWNKEY000000' }), invalidToken],
    ['the key without its session token', 403, () => signedCall(`${url}reports`, 'Granted', { sessionToken: null }), invalidToken],
    ['the key with another session token', 403, () => signedCall(`${url}reports`, 'Granted', { sessionToken: 'forged' }), invalidToken],
    ['a wrong secret', 403, () => signedCall(`${url}reports`, 'Granted', { secretAccessKey: 'x'.repeat(40) }), mismatch],
    ['a signed header changed after signing', 403, () => signedCall(`${url}reports`, 'Granted', {
      after: (h) => { h['x-amz-date'] = h['x-amz-date'].replace(/\d(?=Z$)/, (d) => String((+d + 1) % 10)); },
    }), mismatch],
    ['a signature of another path', 403, async () => call(`${url}reports`, { headers: await signRequest(principal('Granted'), 'us-east-1', `${url}other`) }), mismatch],
    ['a signature for another region', 403, async () => call(`${url}reports`, { headers: await signRequest(principal('Granted'), 'eu-west-1', `${url}reports`) }),
      { errorType: 'InvalidSignatureException', message: 'Credential should be scoped to a valid region. ' }],
    ['a date 6 minutes old', 403, () => signedCall(`${url}reports`, 'Granted', { signingDate: new Date(Date.now() - 6 * 60_000) }),
      { errorType: 'InvalidSignatureException', message: /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/ }],
    ['a role without the grant', 403, () => signedCall(`${url}reports`, 'NotGranted'), {
      errorType: 'AccessDeniedException',
      message: /^User: arn:aws:sts::123456789012:assumed-role\/IamStack-NotGranted[^/]*\/local is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:\w+\/\$default\/GET\/reports because no identity-based policy allows the execute-api:Invoke action$/,
    }],
    ['a role whose Allow is overruled by an explicit Deny', 403, () => signedCall(`${url}reports`, 'Denied'), {
      errorType: 'AccessDeniedException', message: /is not authorized to perform: execute-api:Invoke on resource: \S+\/GET\/reports with an explicit deny$/,
    }],
  ];
  test.each(cases)('%s → %d', async (_, status, send, expected) => {
    const answer = await send();
    expect({ status: answer.status, errorType: answer.headers.get('x-amzn-errortype') }).toEqual({ status, errorType: expected.errorType });
    expect(answer.body.message).toEqual(typeof expected.message === 'string' ? expected.message : expect.stringMatching(expected.message));
  });

  test('the granted role is let through; the handler gets requestContext.authorizer.iam as on AWS', async () => {
    const answer = await signedCall(`${url}reports`, 'Granted');
    const p = principal('Granted');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      iam: {
        accessKey: p.accessKeyId,
        accountId: '123456789012',
        callerId: expect.stringMatching(/^AROA[0-9A-Z]{17}:local$/),
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: `arn:aws:sts::123456789012:assumed-role/${p.roleName}/local`,
        userId: expect.stringMatching(/^AROA[0-9A-Z]{17}:local$/),
      },
    });
  });

  test('IAM wildcards: execute-api:in* on …/*/*/w?ld matches GET /wild', async () => {
    expect((await signedCall(`${url}wild`, 'Wildcard')).status).toBe(200);
    expect((await signedCall(`${url}reports`, 'Wildcard')).status).toBe(403);
  });
});

const callAs = async (caller: string, body: object = { url: `${url}reports` }) => {
  const response = await fetch(`${url}call-as/${caller}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json() as { status: number; body: string };
  return { status: answer.status, body: JSON.parse(answer.body) };
};

describe('a function calling an IAM route with its own execution role\'s credentials', () => {
  test('its role has the grant: reached, as its function\'s session', async () => {
    const answer = await callAs('grantedcaller');
    expect(answer.status).toBe(200);
    expect(answer.body.iam.userArn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/IamStack-Granted[^/]*\/IamStack-GrantedCaller/);
  });

  test('by the API\'s public URL in its environment (HttpApi.url), as a deployed function would: reached', async () => {
    const answer = await callAs('grantedcaller', {});
    expect(answer.status).toBe(200);
    expect(answer.body.iam.userArn).toMatch(/\/IamStack-GrantedCaller/);
  });

  test('its role lacks the grant: 403', async () => {
    const answer = await callAs('outsider');
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/assumed-role\/IamStack-OutsiderServiceRole[^/]*\/IamStack-Outsider.* is not authorized/);
  });
});

test('the testing API signs as a role of the stack: fetch(path, { asRole })', async () => {
  const api = new TestApp(endpoints, local.runner.endpointsFile!).api();
  const reached = await api.fetch('/reports', { asRole: 'Granted', headers: { 'Content-Type': 'text/plain' } });
  expect(reached.status).toBe(200);
  expect((await reached.json() as any).iam.userArn).toMatch(/assumed-role\/IamStack-Granted/);
  expect((await api.fetch('/reports', { asRole: 'NotGranted' })).status).toBe(403);
  await expect(api.fetch('/reports', { asRole: 'Nobody' })).rejects.toThrow(/IamStack has no IAM role Nobody; its roles: .*GrantedD/);
});
