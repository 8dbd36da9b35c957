import { execFile } from 'child_process';
import * as path from 'path';
import { RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { ensureMotoVenv } from '../../src/local/app/moto';
import { BlogExampleStack } from '../example/blog-example-stack';

/**
 * boto3 (the Python consumer's script, test/consumers/python/boto3_local_flow.py, run here with the
 * boto3 of moto's venv; the release rehearsal runs it from the consumer's own venv) against the
 * runner on the blog example, through the endpoints file: wrong code, wrong password, unknown user and
 * a revoked refresh token fail as Cognito fails them.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

let local: TestRunner;

beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => new BlogExampleStack(app, 'BlogExampleStack')));
});

afterAll(async () => {
  await local?.runner.stop();
});

test('boto3: every step of the local flow holds', async () => {
  const script = path.join(__dirname, '..', 'consumers', 'python', 'boto3_local_flow.py');
  // Not spawnSync: the runner answers from this process's event loop.
  const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(ensureMotoVenv(), [script, local.runner.endpointsFile!], { encoding: 'utf-8', timeout: 120_000 }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }));
  });
  expect(run.stderr).toBe('');
  expect(run.stdout.split('\n').filter((line) => line.includes('✘'))).toEqual([]);
  expect(run.stdout.match(/✔/g)).toHaveLength(7);
  expect(run.code).toBe(0);
});
