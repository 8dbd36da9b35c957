import * as net from 'net';
import { Duration, Stack } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { apiUrl, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoProtectedHttpApi, RouteAuthorization } from '../../src';
import { integrationTimeout } from '../../src/local/api/http-api-model';

/**
 * API Gateway's behaviour at the edge, each row citing the AWS page that states it:
 * - "Quotas for configuring and running an HTTP API"
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html)
 * - "Create AWS Lambda proxy integrations for HTTP APIs in API Gateway" (payload format 2.0)
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html)
 * - "Lambda quotas" (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)
 * - "Log and monitor Lambda function errors" / "Lambda function errors in Node.js"
 *   (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html)
 * Requests are written byte for byte on a socket, so nothing in between normalizes them.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const HANDLER = `
exports.handler = async (event) => {
  switch (event.rawPath) {
    case '/slow': await new Promise((resolve) => setTimeout(resolve, 2500)); return 'late';
    case '/big': return { statusCode: 200, body: 'x'.repeat(7 * 1024 * 1024) };
    case '/five-mb': return { statusCode: 200, body: 'x'.repeat(5 * 1024 * 1024) };
    case '/crlf': return { statusCode: 200, headers: { 'x-injected': 'a\\r\\nset-cookie: evil=1' }, body: 'ok' };
    case '/throws': throw new TypeError('boom');
    default: return { statusCode: 200, body: JSON.stringify({ rawPath: event.rawPath, rawQueryString: event.rawQueryString, headers: event.headers, query: event.queryStringParameters }) };
  }
};`;

let local: TestRunner;
let port: number;

beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'EdgeStack');
    const fn = new lambda.Function(stack, 'EdgeFn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HANDLER),
      timeout: Duration.seconds(5),
    });
    const open = RouteAuthorization.publicAccess();
    const api = new CognitoProtectedHttpApi(stack, 'Api', {
      routes: ['/health', '/echo', '/big', '/five-mb', '/crlf', '/throws'].map((path) => ({ path, handler: fn, authorization: open })),
    });
    api.httpApi.addRoutes({
      path: '/slow',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('Slow', fn, { timeout: Duration.seconds(1) }),
      authorizer: new HttpNoneAuthorizer(),
    });
  }));
  port = Number(new URL(apiUrl(local.runner, 'EdgeStack', 'Api')).port);
});
afterAll(() => local?.runner.stop());

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Writes `head` (request line and headers, `Connection: close` added) as it is; reads the whole answer. */
function raw(head: string[], options: { body?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolveAnswer, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolveAnswer({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(split + 4) });
    });
    socket.write(`${[...head, 'Connection: close'].join('\r\n')}\r\n\r\n${options.body ?? ''}`);
  });
}

const get = (target: string, headers: string[] = []) => raw([`GET ${target} HTTP/1.1`, 'Host: h', ...headers]);
const json = (answer: RawAnswer) => JSON.parse(answer.body);

describe('integration timeout (quotas: "Maximum integration timeout 30 seconds"; past it: 503)', () => {
  test.each([
    [undefined, 30_000],
    [1000, 1000],
    [60_000, 30_000],
  ])('TimeoutInMillis %s → the route waits %s ms (HTTP APIs: 30,000 by default and at most)', (value, ms) => {
    expect(integrationTimeout(value)).toBe(ms);
  });

  test('a route whose integration has TimeoutInMillis 1000 and a handler taking 2.5 s → 503 {"message":"Service Unavailable"} after about 1 s', async () => {
    const started = Date.now();
    const answer = await get('/slow');
    const elapsed = Date.now() - started;
    expect({ status: answer.status, body: json(answer) }).toEqual({ status: 503, body: { message: 'Service Unavailable' } });
    expect(answer.headers['apigw-requestid']).toBeTruthy();
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2400);
    const line = local.accessLog.find((entry) => entry.values.routeKey === 'GET /slow')!;
    expect(line.values.integrationErrorMessage).toContain('1000 ms');
  });
});

describe('the request target (payload 2.0: rawPath, rawQueryString as sent)', () => {
  test('GET //x/health is the path //x/health (no authority): the GET /health route does not answer it', async () => {
    const answer = await get('//x/health');
    expect({ status: answer.status, body: json(answer) }).toEqual({ status: 404, body: { message: 'Not Found' } });
    expect(json(await get('/health')).rawPath).toBe('/health');
  });

  test('rawQueryString is the query string exactly as sent (q=\'x\' is not re-encoded); queryStringParameters are decoded', async () => {
    const body = json(await get("/echo?q='x'&a=%20b&a=c"));
    expect(body.rawQueryString).toBe("q='x'&a=%20b&a=c");
    expect(body.query).toEqual({ q: "'x'", a: ' b,c' });
  });

  test('duplicate request headers reach the handler joined with "," ("Duplicate headers are combined with commas")', async () => {
    const body = json(await get('/echo', ['X-Dup: a', 'x-dup: b', 'X-Dup: c d']));
    expect(body.headers['x-dup']).toBe('a,b,c d');
  });
});

describe('request size (quotas: "Total combined size of request line and header values 10,240 bytes")', () => {
  // Request line "GET /echo HTTP/1.1" (18) + values "h" (1) and "close" (5): the pad makes up the rest.
  const pad = (bytes: number) => `X-Pad: ${'p'.repeat(bytes)}`;
  const atLimit = 10_240 - 18 - 1 - 5;

  test('exactly 10,240 bytes → served', async () => {
    expect((await get('/echo', [pad(atLimit)])).status).toBe(200);
  });

  test('10,241 bytes → 431 {"message":"Request Header Fields Too Large"}, with apigw-requestid and an access-log line', async () => {
    const answer = await get('/echo', [pad(atLimit + 1)]);
    expect({ status: answer.status, body: json(answer) }).toEqual({ status: 431, body: { message: 'Request Header Fields Too Large' } });
    expect(local.accessLog.some((entry) => entry.values.requestId === answer.headers['apigw-requestid'] && entry.values.status === 431)).toBe(true);
  });
});

describe('what the Lambda function answers', () => {
  test('a 7 MB response (Lambda quotas: "Invocation payload 6 MB" synchronous) → 500 {"message":"Internal Server Error"}, Function.ResponseSizeTooLarge in the access log', async () => {
    const answer = await get('/big');
    expect({ status: answer.status, body: json(answer) }).toEqual({ status: 500, body: { message: 'Internal Server Error' } });
    const line = local.accessLog.find((entry) => entry.values.requestId === answer.headers['apigw-requestid'])!;
    expect(line.values.integrationErrorMessage).toContain('Function.ResponseSizeTooLarge');
  });

  test('a 5 MB response is passed on', async () => {
    const answer = await get('/five-mb');
    expect([answer.status, answer.body.length]).toEqual([200, 5 * 1024 * 1024]);
  });

  test('a response header with CR/LF → 500 {"message":"Internal Server Error"} with apigw-requestid and an access-log line; nothing injected', async () => {
    const answer = await get('/crlf');
    expect({ status: answer.status, body: json(answer) }).toEqual({ status: 500, body: { message: 'Internal Server Error' } });
    expect(answer.headers['set-cookie']).toBeUndefined();
    const requestId = answer.headers['apigw-requestid'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = local.accessLog.find((entry) => entry.values.requestId === requestId)!;
    expect(line.values).toMatchObject({ routeKey: 'GET /crlf', status: 500 });
    expect(line.values.integrationErrorMessage).toContain('x-injected');
  });

  test('a handler that throws: Lambda\'s "ERROR Invoke Error" line (type, message, stack) on the runner\'s output, prefixed with the function', async () => {
    expect((await get('/throws')).status).toBe(500);
    const line = local.output.find((text) => text.includes('Invoke Error'));
    expect(line).toMatch(/^\[EdgeFn[0-9A-F]*\] \S+Z\t[0-9a-f-]{36}\tERROR\tInvoke Error \t\{/);
    const error = JSON.parse(line!.slice(line!.indexOf('{')));
    expect(error).toMatchObject({ errorType: 'TypeError', errorMessage: 'boom' });
    expect(error.stack[0]).toBe('TypeError: boom');
    expect(error.stack[1]).toMatch(/^\s+at /);
  });
});

describe('a client that disconnects', () => {
  test('mid-body or while its handler runs: no stack trace, no gateway error on the runner\'s output', async () => {
    const before = local.output.length;
    await new Promise<void>((resolveSent) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write('POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\nonly ten b');
        setTimeout(() => {
          socket.destroy();
          resolveSent();
        }, 100);
      });
    });
    await new Promise<void>((resolveSent) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write('GET /slow HTTP/1.1\r\nHost: h\r\n\r\n');
        setTimeout(() => {
          socket.destroy();
          resolveSent();
        }, 200);
      });
    });
    await new Promise((resolveWait) => setTimeout(resolveWait, 1500));
    const printed = local.output.slice(before).join('\n');
    expect(printed).not.toMatch(/^\s+at /m);
    expect(printed).not.toContain('gateway error');
    expect((await get('/health')).status).toBe(200);
  });
});
