// @ts-check
'use strict';
/**
 * The local runner's Node.js Lambda runtime: one process per function sandbox. It loads the
 * handler named by `_HANDLER` from `LAMBDA_TASK_ROOT`, then answers invocations, one JSON line each
 * way, on file descriptor 3. The handler's own output goes to stdout/stderr (the runner prefixes it).
 * Plain JavaScript on purpose: it runs as it is, from the sources (tests) and from the package (CLI).
 */
const http = require('http');
const https = require('https');
const net = require('net');
const path = require('path');
const fs = require('fs');
const { pathToFileURL } = require('url');

/** @type {{ from: string, to: string }[]} */
const urlMap = JSON.parse(process.env.CDK_LOCAL_URL_MAP || '[]');
delete process.env.CDK_LOCAL_URL_MAP;

/**
 * The host a mapped request was sent to (its public URL's): the local gateway takes it as the request's
 * `Host`, which a SigV4 signature covers.
 */
const LOCAL_HOST_HEADER = 'x-cdk-local-host';

/** @param {string} url */
function mapUrl(url) {
  let best;
  for (const mapping of urlMap) {
    if (url.startsWith(mapping.from) && (!best || mapping.from.length > best.from.length)) best = mapping;
  }
  return best ? best.to + url.slice(best.from.length) : undefined;
}

/** Sends an issuer's public https URL (e.g. its JWKS) to the local server standing in for it. */
function patchHttps(name) {
  const original = https[name];
  https[name] = function (first, second, third) {
    let url;
    if (typeof first === 'string' || first instanceof URL) url = String(first);
    else if (first && typeof first === 'object') {
      url = `https://${first.hostname || first.host || 'localhost'}${first.port ? `:${first.port}` : ''}${first.path || '/'}`;
    }
    const mapped = url && mapUrl(url);
    if (!mapped) return original.apply(https, arguments);
    const target = new URL(mapped);
    const client = target.protocol === 'http:' ? http : https;
    const options = typeof first === 'object' && !(first instanceof URL) ? { ...first } : (typeof second === 'object' ? { ...second } : {});
    const callback = typeof second === 'function' ? second : third;
    delete options.agent;
    for (const key of ['host', 'hostname', 'port', 'path', 'protocol']) delete options[key];
    options.headers = { ...options.headers, [LOCAL_HOST_HEADER]: new URL(url).host };
    return client[name](target, options, callback);
  };
}
patchHttps('request');
patchHttps('get');
if (typeof globalThis.fetch === 'function') {
  const originalFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
    const mapped = mapUrl(url);
    if (!mapped) return originalFetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set(LOCAL_HOST_HEADER, new URL(url).host);
    return originalFetch(mapped, { ...init, headers });
  };
}

async function loadHandler() {
  const root = process.env.LAMBDA_TASK_ROOT || process.cwd();
  const spec = process.env._HANDLER || 'index.handler';
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) throw new Error(`Bad handler "${spec}": expected <module>.<export>, e.g. index.handler`);
  const modulePath = path.resolve(root, spec.slice(0, dot));
  const exportName = spec.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => modulePath + ext).find((candidate) => fs.existsSync(candidate));
  if (!file) throw new Error(`Cannot find module "${spec.slice(0, dot)}" (.js, .mjs or .cjs) in ${root}`);
  let loaded;
  if (file.endsWith('.mjs')) loaded = await import(pathToFileURL(file).href);
  else {
    try {
      loaded = require(file);
    } catch (error) {
      if (error && error.code === 'ERR_REQUIRE_ESM') loaded = await import(pathToFileURL(file).href);
      else throw error;
    }
  }
  const handler = loaded[exportName] ?? loaded.default?.[exportName];
  if (typeof handler !== 'function') throw new Error(`${path.basename(file)} does not export a function named "${exportName}"`);
  return handler;
}

/** @param {unknown} error */
function asLambdaError(error) {
  const e = error instanceof Error ? error : new Error(String(error));
  return { errorType: e.name || 'Error', errorMessage: e.message, stackTrace: (e.stack || '').split('\n').slice(1).map((l) => l.trim()) };
}

function context(request) {
  const deadline = Date.now() + request.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: request.functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: request.requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {}, succeed() {}, fail() {},
  };
}

function invoke(handler, request) {
  return new Promise((resolve, reject) => {
    const callback = (error, result) => (error ? reject(error) : resolve(result));
    try {
      const returned = handler(request.event, context(request), callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
    } catch (error) {
      reject(error);
    }
  });
}

const channel = new net.Socket({ fd: 3, readable: true, writable: true });
channel.on('close', () => process.exit(0)); // the runner is gone: so is this sandbox
const send = (message) => channel.write(`${JSON.stringify(message)}\n`);
const handlerPromise = loadHandler();
handlerPromise.catch(() => {}); // reported with the first invocation, as Lambda's Runtime.ImportModuleError is

let buffer = '';
let queue = Promise.resolve();
channel.on('data', (chunk) => {
  buffer += chunk.toString('utf-8');
  let newline;
  while ((newline = buffer.indexOf('\n')) >= 0) {
    const request = JSON.parse(buffer.slice(0, newline));
    buffer = buffer.slice(newline + 1);
    queue = queue.then(async () => {
      try {
        const handler = await handlerPromise;
        const result = await invoke(handler, request);
        send({ id: request.id, result: result === undefined ? null : result });
      } catch (error) {
        const lambdaError = asLambdaError(error);
        // What Lambda's Node.js runtime logs for a failed invocation (one line).
        const stack = error instanceof Error && error.stack ? error.stack.split('\n') : [];
        process.stderr.write(`${new Date().toISOString()}\t${request.requestId}\tERROR\tInvoke Error \t${JSON.stringify({
          errorType: lambdaError.errorType, errorMessage: lambdaError.errorMessage, stack,
        })}\n`);
        send({ id: request.id, error: lambdaError });
      }
    });
  }
});
