import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { appNodeModules, provideNodeSdk, requiredSdkPackages } from '../../src/local/lambda/aws-sdk-provider';

/** Which SDK v3 packages a bundle leaves external, and where a function finds them. */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-local-sdk-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('finds the @aws-sdk/* packages a bundle requires or imports (CommonJS, ESM, dynamic), not its node_modules', () => {
  fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.js'), 'const a = require("@aws-sdk/client-dynamodb"); const b = require(\'@aws-sdk/lib-dynamodb/dist-cjs/x\');');
  fs.writeFileSync(path.join(dir, 'other.mjs'), 'import { S3Client } from "@aws-sdk/client-s3"; await import("@aws-sdk/client-sqs");');
  fs.writeFileSync(path.join(dir, 'node_modules', 'x', 'index.js'), 'require("@aws-sdk/client-kms")');
  expect(requiredSdkPackages(dir)).toEqual(['@aws-sdk/client-dynamodb', '@aws-sdk/client-s3', '@aws-sdk/client-sqs', '@aws-sdk/lib-dynamodb']);
});

test('packages the app\'s node_modules has are taken from there: nothing is installed, NODE_PATH lists them', () => {
  const code = path.join(dir, 'code');
  fs.mkdirSync(code);
  fs.writeFileSync(path.join(code, 'index.js'), 'require("@aws-sdk/client-s3")');
  const cacheDir = path.join(dir, 'cache');
  const { nodePath, notes } = provideNodeSdk({ assemblyDir: path.join(dir, 'cdk.out'), codeDirs: [code], cacheDir });
  expect(notes).toEqual([]);
  expect(fs.existsSync(cacheDir)).toBe(false);
  expect(nodePath.split(path.delimiter)).toContain(path.resolve('node_modules'));
  expect(appNodeModules(path.join(dir, 'cdk.out'))).toContain(path.resolve('node_modules'));
});
