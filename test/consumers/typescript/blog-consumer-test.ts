// node --test: synthesize the blog stack (and the monitored one, and the authorization example) from the npm package and compare them with the example's templates.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { App, Stack, Token } from 'aws-cdk-lib';
import { AuthorizationExampleStack } from './authorization-example-stack';
import { BlogExampleStack } from './blog-example-stack';
import { formatDiff, templateDiff } from './template-diff';

const reference = process.env.REFERENCE_TEMPLATE;

/** Synthesizes the stack `create` makes in a new app (the example app's settings), checks it, and compares its template with the example's. */
function synthAndCompare<S extends Stack>(id: string, create: (app: App) => S, check: (stack: S) => void): void {
  assert.ok(reference, 'REFERENCE_TEMPLATE must name the example template (cdk.out/BlogExampleStack.template.json)');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-ts-'));
  try {
    // Same App settings as test/example/app.ts; the context is what `cdk synth` passes to the app.
    const app = new App({
      outdir,
      analyticsReporting: false,
      context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true },
    });
    check(create(app));
    app.synth();
    const actual = JSON.parse(fs.readFileSync(path.join(outdir, `${id}.template.json`), 'utf-8'));
    // The example app's templates are side by side in its cloud assembly.
    const expected = JSON.parse(fs.readFileSync(path.join(path.dirname(reference), `${id}.template.json`), 'utf-8'));
    const lines = templateDiff(expected, actual);
    assert.ok(lines.length === 0, formatDiff(`TypeScript (npm package), ${id}`, lines));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

void test('the npm package synthesizes the same template as the TypeScript example', () => {
  synthAndCompare('BlogExampleStack', (app) => new BlogExampleStack(app, 'BlogExampleStack'), (stack) => {
    // Escape hatches: the L2s behind the construct are reachable and typed.
    assert.equal(stack.api.routes.length, 2);
    assert.equal(stack.api.userPool.node.path, 'BlogExampleStack/Api/UserPool');
    assert.ok(Token.isUnresolved(stack.api.apiUrl), 'apiUrl is a deploy-time token');
  });
});

void test('the npm package synthesizes the monitored example (alarms to an SNS topic, a dashboard) as the TypeScript example does', () => {
  synthAndCompare('MonitoredBlogExampleStack', (app) => new BlogExampleStack(app, 'MonitoredBlogExampleStack', { monitored: true }), (stack) => {
    assert.ok(stack.api.monitoring, 'monitoring is exposed');
    assert.equal(stack.api.monitoring.alarms.length, 9);
  });
});

void test('the npm package synthesizes the authorization example (scopes, groups, a machine client, an IAM route granted to a function) as the TypeScript example does', () => {
  const reporterCode = process.env.REPORTER_CODE;
  assert.ok(reporterCode, "REPORTER_CODE must name the reporter's code (test/example/reporter)");
  synthAndCompare('AuthorizationExampleStack', (app) => new AuthorizationExampleStack(app, 'AuthorizationExampleStack', { reporterCode }), (stack) => {
    assert.equal(stack.api.routes.length, 6);
    assert.ok(Token.isUnresolved(stack.reportingClient.userPoolClientId), 'addMachineClient() returns the client');
  });
});
