// node --test: synthesize the blog stack from the npm package and compare it with the example's template.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { App, Token } from 'aws-cdk-lib';
import { BlogExampleStack } from './blog-example-stack';
import { formatDiff, templateDiff } from './template-diff';

void test('the npm package synthesizes the same template as the TypeScript example', () => {
  const reference = process.env.REFERENCE_TEMPLATE;
  assert.ok(reference, 'REFERENCE_TEMPLATE must name the example template (cdk.out/BlogExampleStack.template.json)');

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-ts-'));
  try {
    // Same App settings as test/example/app.ts; the context is what `cdk synth` passes to the app.
    const app = new App({
      outdir,
      analyticsReporting: false,
      context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true },
    });
    const stack = new BlogExampleStack(app, 'BlogExampleStack');

    // Escape hatches: the L2s behind the construct are reachable and typed.
    assert.equal(stack.api.routes.length, 2);
    assert.equal(stack.api.userPool.node.path, 'BlogExampleStack/Api/UserPool');
    assert.ok(Token.isUnresolved(stack.api.apiUrl), 'apiUrl is a deploy-time token');

    app.synth();
    const actual = JSON.parse(fs.readFileSync(path.join(outdir, 'BlogExampleStack.template.json'), 'utf-8'));
    const expected = JSON.parse(fs.readFileSync(reference, 'utf-8'));
    const lines = templateDiff(expected, actual);
    assert.ok(lines.length === 0, formatDiff('TypeScript (npm package)', lines));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
