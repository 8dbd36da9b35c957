import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AssetStaging, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { measurePair, median } from './stats';
import { CognitoProtectedHttpApi, RouteAuthorization, TokenAuthorizer, WhoamiFunction } from '../../src';
import { largestEnvironmentBytes, largestPolicyBytes } from '../lambda-sizes';

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

interface Measured { ms: number; bytes: number; resources: number; policy: number; environment: number }

function measure(build: (app: App, count: number) => Stack, count: number): Measured {
  const start = process.hrtime.bigint();
  const app = new App({ analyticsReporting: false, outdir, context: { '@aws-cdk/core:stackResourceLimit': 0 } });
  const stack = build(app, count);
  const assembly = app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const file = path.join(assembly.directory, stack.templateFile);
  const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
  return {
    ms,
    bytes: fs.statSync(file).size,
    resources: Object.keys(template.Resources).length,
    policy: largestPolicyBytes(template.Resources),
    environment: largestEnvironmentBytes(template.Resources),
  };
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
console.log(`\nroutes on one function, ${RUNS} interleaved runs per row (median); construct / plain L2`);
console.log('  routes | synth ms            | ratio | template bytes      | resources  | largest policy B | largest env B');
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
  const both = (key: keyof Measured, width: number) => `${pad(sizes.c[key], width)} / ${String(sizes.l[key]).padEnd(width)}`;
  const notes = [
    ...(sizes.l.resources > 500 ? ['plain L2: > 500 resources'] : []),
    ...(sizes.l.policy > 20 * 1024 ? ['plain L2: policy > 20 KB'] : []),
  ];
  console.log(`  ${pad(count, 6)} | ${pad(median(c).toFixed(1), 7)} / ${median(l).toFixed(1).padEnd(9)} | ${pad((median(c) / median(l)).toFixed(2), 5)} | ${both('bytes', 7)} | ${both('resources', 3)} | ${both('policy', 6)} | ${both('environment', 4)}${notes.length ? `  (would not deploy: ${notes.join(', ')})` : ''}`);
}

/** The Lambda authorizer with a distinct claim requirement per route: what used to outgrow the environment. */
console.log('\nLambda authorizer, a distinct claim requirement per route (construct only)');
console.log('  routes | resources | template bytes | largest policy B | largest env B | routes.json B');
for (const count of [1, 100, 300]) {
  const app = new App({ analyticsReporting: false, outdir });
  const stack = new Stack(app, `LambdaAuthorizer${count}`);
  const handler = new WhoamiFunction(stack, 'Handler');
  const api = new CognitoProtectedHttpApi(stack, 'Api', {
    tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer(),
    routes: paths(count).map((p, i) => ({ path: p, handler, authorization: RouteAuthorization.signedIn({ claims: [{ name: 'custom:tenant', values: [`tenant-${i}`] }] }) })),
  });
  const assembly = app.synth();
  const file = path.join(assembly.directory, stack.templateFile);
  const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const staged = (api.authorizerFunction!.node.findChild('CodeAsset').node.findChild('Stage') as AssetStaging).absoluteStagedPath;
  const routesJson = fs.statSync(path.join(staged, 'routes.json')).size;
  console.log(`  ${pad(count, 6)} | ${pad(Object.keys(template.Resources).length, 9)} | ${pad(fs.statSync(file).size, 14)} | ${pad(largestPolicyBytes(template.Resources), 16)} | ${pad(largestEnvironmentBytes(template.Resources), 13)} | ${pad(routesJson, 13)}`);
}
fs.rmSync(outdir, { recursive: true, force: true });
