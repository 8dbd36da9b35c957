import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { measurePair, median } from './stats';
import { CognitoProtectedHttpApi, WhoamiFunction } from '../../src';

/**
 * Synth time and template size at 1, 10, 100 and 300 routes on one function: the construct against
 * the same API written with plain L2s as users write it (HttpUserPoolAuthorizer + one
 * HttpLambdaIntegration, which adds a permission per route). Interleaved, median of RUNS pairs.
 * The L2 stack passes 500 resources near 250 routes: aws-cdk-lib's check is turned off here so that it
 * can be measured, and the row says it would not deploy.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-routes-'));
const paths = (count: number) => Array.from({ length: count }, (_, i) => `/resources/r${i}/{id}`);

function construct(app: App, count: number): Stack {
  const stack = new Stack(app, `Construct${count}`);
  const handler = new WhoamiFunction(stack, 'Handler');
  new CognitoProtectedHttpApi(stack, 'Api', { routes: paths(count).map((p) => ({ path: p, handler })) });
  return stack;
}

function plainL2(app: App, count: number): Stack {
  const stack = new Stack(app, `PlainL2${count}`);
  const userPool = new cognito.UserPool(stack, 'UserPool', { signInAliases: { email: true } });
  const client = userPool.addClient('Client', { authFlows: { userSrp: true, userPassword: true } });
  const handler = new WhoamiFunction(stack, 'Handler');
  const httpApi = new apigwv2.HttpApi(stack, 'HttpApi', {
    defaultAuthorizer: new HttpUserPoolAuthorizer('Authorizer', userPool, { userPoolClients: [client] }),
  });
  const integration = new HttpLambdaIntegration('Integration', handler as lambda.IFunction);
  for (const p of paths(count)) {
    httpApi.addRoutes({ path: p, methods: [apigwv2.HttpMethod.GET], integration });
  }
  return stack;
}

function measure(build: (app: App, count: number) => Stack, count: number): { ms: number; bytes: number; resources: number } {
  const start = process.hrtime.bigint();
  const app = new App({ analyticsReporting: false, outdir, context: { '@aws-cdk/core:stackResourceLimit': 0 } });
  const stack = build(app, count);
  const assembly = app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const file = path.join(assembly.directory, stack.templateFile);
  const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
  return { ms, bytes: fs.statSync(file).size, resources: Object.keys(template.Resources).length };
}

console.log(`\nroutes on one function, ${RUNS} interleaved runs per row (median)`);
console.log('  routes | construct ms | plain L2 ms | ratio | construct bytes | plain L2 bytes | construct resources | plain L2 resources');
for (const count of [1, 10, 100, 300]) {
  measure(construct, count); // warm-up
  measure(plainL2, count);
  const c: number[] = [];
  const l: number[] = [];
  const sizes = { c: measure(construct, count), l: measure(plainL2, count) };
  for (let i = 0; i < RUNS; i++) {
    const [a, b] = measurePair(i, () => measure(construct, count), () => measure(plainL2, count));
    c.push(a.ms);
    l.push(b.ms);
  }
  const deployable = sizes.l.resources <= 500 ? '' : ' (would not deploy: > 500)';
  console.log(`  ${String(count).padStart(6)} | ${median(c).toFixed(1).padStart(12)} | ${median(l).toFixed(1).padStart(11)} | ${(median(c) / median(l)).toFixed(2).padStart(5)} | ${String(sizes.c.bytes).padStart(15)} | ${String(sizes.l.bytes).padStart(14)} | ${String(sizes.c.resources).padStart(19)} | ${sizes.l.resources}${deployable}`);
}
fs.rmSync(outdir, { recursive: true, force: true });
