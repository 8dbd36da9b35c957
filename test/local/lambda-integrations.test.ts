import { execFile } from 'child_process';
import { Duration, Stack } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { apiUrl, call, invoke, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoProtectedHttpApi, RouteAuthorization } from '../../src';
import { ensureMotoVenv } from '../../src/local/app/moto';

/**
 * A user's own functions behind the construct, run locally: Node.js and Python (inline code here;
 * assets work the same), API Gateway's payload 2.0 response rules, errors, timeouts and routes that
 * cannot run locally (501). And the runner's Lambda endpoint: the Lambda API's `Invoke` (AWS Lambda
 * API reference, "Invoke": `POST /2015-03-31/functions/{FunctionName}/invocations`, its
 * `X-Amz-Invocation-Type`s, `X-Amz-Function-Error` and `ResourceNotFoundException`).
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

describe('the Lambda endpoint: Invoke as the Lambda API answers it', () => {
  const nodeName = () => Object.entries(local.runner.stack('FunctionsStack').physicalIds).find(([id]) => /^NodeFn[0-9A-F]{8}$/.test(id))![1];
  const nodeArn = () => `arn:aws:lambda:us-east-1:123456789012:function:${nodeName()}`;

  test.each([
    ['its name', nodeName],
    ['its ARN', nodeArn],
    ['its partial ARN', () => `123456789012:function:${nodeName()}`],
    ['its ARN with the $LATEST qualifier', () => `${nodeArn()}:$LATEST`],
    ['its construct id (a local convenience)', () => 'NodeFn'],
  ])('RequestResponse (the default) by %s → 200, the function\'s result as the body', async (_, name) => {
    const answer = await invoke(local.runner, name(), { rawPath: '/bare-object' });
    expect([answer.status, answer.body, answer.headers.get('x-amz-function-error')]).toEqual([200, { hello: 'world' }, null]);
    expect(answer.headers.get('x-amz-executed-version')).toBe('$LATEST');
  });

  test('a function error → 200 with X-Amz-Function-Error: Unhandled and the error as the body', async () => {
    const answer = await invoke(local.runner, 'NodeFn', { rawPath: '/throws' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(answer.body).toMatchObject({ errorType: 'Error', errorMessage: 'boom' });
  });

  test('Event → 202 at once, the function runs in the background; DryRun → 204', async () => {
    const event = await invoke(local.runner, 'NodeFn', { rawPath: '/throws' }, { 'X-Amz-Invocation-Type': 'Event' });
    expect([event.status, event.body]).toEqual([202, '']);
    const requestId = event.headers.get('x-amzn-requestid');
    const logged = () => local.output.some((line) => line.includes(`asynchronous invocation ${requestId} failed: Error: boom`));
    for (let waited = 0; !logged() && waited < 5_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logged()).toBe(true);
    expect((await invoke(local.runner, 'NodeFn', {}, { 'X-Amz-Invocation-Type': 'DryRun' })).status).toBe(204);
  });

  test('an unknown function → 404 ResourceNotFoundException', async () => {
    const answer = await invoke(local.runner, 'NoSuchFunction', {});
    expect([answer.status, answer.headers.get('x-amzn-errortype'), answer.body.message]).toEqual([404, 'ResourceNotFoundException', 'Function not found: NoSuchFunction']);
  });

  test('a payload that is not JSON → 400 InvalidRequestContentException; an unknown invocation type → 400 ValidationException', async () => {
    const notJson = await fetch(`${local.runner.lambdaEndpoint}/2015-03-31/functions/NodeFn/invocations`, { method: 'POST', body: '{not json' });
    expect([notJson.status, notJson.headers.get('x-amzn-errortype')]).toEqual([400, 'InvalidRequestContentException']);
    const unknownType = await invoke(local.runner, 'NodeFn', {}, { 'X-Amz-Invocation-Type': 'Later' });
    expect([unknownType.status, unknownType.headers.get('x-amzn-errortype')]).toEqual([400, 'ValidationException']);
  });

  test('boto3\'s Lambda client (moto\'s venv) invokes through it: a Python function\'s result, a Node.js function\'s error', async () => {
    const script = [
      'import boto3, json, sys',
      "client = boto3.client('lambda', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='local', aws_secret_access_key='local')",
      "ok = client.invoke(FunctionName='PythonFn', Payload=json.dumps({'routeKey': 'GET /invoked'}))",
      "failed = client.invoke(FunctionName='NodeFn', Payload=json.dumps({'rawPath': '/throws'}))",
      "print(json.dumps([ok['StatusCode'], json.loads(ok['Payload'].read())['body'], failed.get('FunctionError'), json.loads(failed['Payload'].read())['errorMessage']]))",
    ].join('\n');
    // Not spawnSync: the runner answers from this process's event loop.
    const stdout = await new Promise<string>((resolve, reject) => execFile(ensureMotoVenv(), ['-c', script, local.runner.lambdaEndpoint], { encoding: 'utf-8', timeout: 60_000 },
      (error, out, err) => error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)));
    const [status, body, functionError, errorMessage] = JSON.parse(stdout);
    expect([status, JSON.parse(body).route, functionError, errorMessage]).toEqual([200, 'GET /invoked', 'Unhandled', 'boom']);
  });
});
