import { Duration, Stack } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { apiUrl, call, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoProtectedHttpApi, RouteAuthorization } from '../../src';

/**
 * A user's own functions behind the construct, run locally: Node.js and Python (inline code here;
 * assets work the same), API Gateway's payload 2.0 response rules, errors, timeouts and routes that
 * cannot run locally (501).
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const NODE_HANDLER = `
exports.handler = async (event) => {
  switch (event.rawPath) {
    case '/bare-string': return 'hello';
    case '/bare-object': return { hello: 'world' };
    case '/throws': throw new Error('boom');
    case '/slow': return new Promise(() => {});
    default: return {
      statusCode: 201,
      headers: { 'x-handler': 'node' },
      cookies: ['a=1'],
      body: JSON.stringify({ env: process.env.GREETING, query: event.queryStringParameters, path: event.pathParameters, body: event.body }),
    };
  }
};`;

const PYTHON_HANDLER = `
import json, os
def handler(event, context):
    return {"statusCode": 200, "headers": {"x-handler": "python"},
            "body": json.dumps({"env": os.environ.get("GREETING"), "route": event["routeKey"], "remaining": context.get_remaining_time_in_millis() > 0})}
`;

let local: TestRunner;
let url: string;

beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'FunctionsStack');
    const node = new lambda.Function(stack, 'NodeFn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(NODE_HANDLER),
      environment: { GREETING: 'hi from node' },
      timeout: Duration.seconds(1),
    });
    const python = new lambda.Function(stack, 'PythonFn', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromInline(PYTHON_HANDLER),
      environment: { GREETING: 'hi from python' },
    });
    const open = RouteAuthorization.publicAccess();
    const api = new CognitoProtectedHttpApi(stack, 'Api', {
      routes: [
        { path: '/node/{id}', methods: [HttpMethod.POST], handler: node, authorization: open },
        { path: '/bare-string', handler: node, authorization: open },
        { path: '/bare-object', handler: node, authorization: open },
        { path: '/throws', handler: node, authorization: open },
        { path: '/slow', handler: node, authorization: open },
        { path: '/python', handler: python, authorization: open },
      ],
    });
    api.httpApi.addRoutes({
      path: '/proxy',
      methods: [HttpMethod.GET],
      integration: new HttpUrlIntegration('Proxy', 'https://example.com/'),
      authorizer: new HttpNoneAuthorizer(),
    });
  }));
  url = apiUrl(local.runner, 'FunctionsStack', 'Api');
});
afterAll(() => local?.runner.stop());

test('a Node.js function gets the payload 2.0 event and its environment; its response is passed on', async () => {
  const response = await fetch(`${url}node/7?x=1&x=2`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
  expect(response.status).toBe(201);
  expect(response.headers.get('x-handler')).toBe('node');
  expect(response.headers.get('set-cookie')).toBe('a=1');
  expect(await response.json()).toEqual({ env: 'hi from node', query: { x: '1,2' }, path: { id: '7' }, body: '{"a":1}' });
});

test('a Python function runs too', async () => {
  const answer = await call(`${url}python`);
  expect(answer).toMatchObject({ status: 200, body: { env: 'hi from python', route: 'GET /python', remaining: true } });
  expect(answer.headers.get('x-handler')).toBe('python');
});

test.each([
  ['/bare-string', 200, 'hello'],
  ['/bare-object', 200, { hello: 'world' }],
])('payload 2.0 shortcut: %s without statusCode → %s, the result as a JSON body', async (path, status, body) => {
  const answer = await call(`${url}${path.slice(1)}`);
  expect([answer.status, answer.body, answer.headers.get('content-type')]).toEqual([status, body, 'application/json']);
});

test('a function that throws → 500 {"message":"Internal Server Error"}, the error in the access log', async () => {
  expect(await call(`${url}throws`)).toMatchObject({ status: 500, body: { message: 'Internal Server Error' } });
  const line = local.accessLog.find((entry) => entry.values.routeKey === 'GET /throws')!;
  expect(line.values.integrationErrorMessage).toContain('Error: boom');
});

test('a function that outlives its timeout → 500, and its sandbox is replaced', async () => {
  expect((await call(`${url}slow`)).status).toBe(500);
  const line = local.accessLog.find((entry) => entry.values.routeKey === 'GET /slow')!;
  expect(line.values.integrationErrorMessage).toContain('Task timed out after 1.00 seconds');
  expect((await call(`${url}bare-string`)).status).toBe(200);
});

test('a route whose integration cannot run locally answers 501 with the reason', async () => {
  const answer = await call(`${url}proxy`);
  expect(answer.status).toBe(501);
  expect(answer.body.message).toMatch(/^Not Implemented locally: HTTP_PROXY integrations are not run locally/);
});
