import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { RUNNER_TIMEOUT_MS, synthApp } from './helpers';
import { MotoServer, startMoto } from '../../src/local/app/moto';
import { startLocal } from '../../src/local/app/runner';
import { RunnerReuse } from '../../src/local/app/stack-starter';
import { FrontState } from '../../src/local/cognito/front';

/**
 * A --watch reload keeps the first start's pools and clients (their users and keys survive), so
 * Cognito resources that a later version of the template adds are not created: the reload names
 * them (watch.ts prints "--- not applied: …: restart the runner to create them ---").
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMoto({ port: 0 });
});

afterAll(async () => {
  await moto?.stop();
});

const app = (extraClient: boolean) => synthApp((scope) => {
  const stack = new Stack(scope, 'WatchedStack', { env: { region: 'us-east-1' } });
  const pool = new cognito.UserPool(stack, 'Pool');
  pool.addClient('web');
  if (extraClient) pool.addClient('batch');
});

test('a client added to the template between two starts with the same reuse is named, not created', async () => {
  const reuse: RunnerReuse = { aws: new Map(), ports: new Map(), cognito: new Map(), front: new FrontState(), keys: new Map(), notApplied: [] };
  const first = await startLocal({ assemblyDir: app(false), moto, reuse, endpointsFile: false });
  await first.stop();
  expect(reuse.notApplied).toEqual([]);
  const second = await startLocal({ assemblyDir: app(true), moto, reuse, endpointsFile: false });
  try {
    expect(reuse.notApplied).toEqual([expect.stringMatching(/^WatchedStack: UserPoolClient Poolbatch[0-9A-F]{8}$/)]);
    expect(second.stack('WatchedStack').userPools[0].clients).toHaveLength(1);
  } finally {
    await second.stop();
  }
});
