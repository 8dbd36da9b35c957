import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RUNNER_TIMEOUT_MS, synthApp } from './helpers';
import { CognitoProtectedHttpApi, RouteAuthorization } from '../../src';
import { main } from '../../src/local/app/cli';

/**
 * When the Cognito emulator (moto) dies under the runner, the CLI says so on stderr, naming moto,
 * stops serving and exits non-zero — it never goes on answering with an emulator that is gone.
 * The CLI runs in this process (its output captured); moto's pid is killed with SIGKILL.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

test('moto killed → a message naming moto on stderr, the APIs stop answering, the CLI exits 1', async () => {
  const assembly = synthApp((app) => {
    const stack = new Stack(app, 'DeathStack');
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => "ok";'),
    });
    new CognitoProtectedHttpApi(stack, 'Api', { routes: [{ path: '/health', handler: fn, authorization: RouteAuthorization.publicAccess() }] });
  });
  const endpoints = path.join(assembly, 'local-endpoints.json');
  const stderr: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const errors = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  let exitCode: Promise<number> | undefined;
  try {
    let settled = false;
    exitCode = main(['local', '--app', assembly, '--port', '0', '--endpoints', endpoints, '--quiet']);
    exitCode.finally(() => settled = true).catch(() => {});
    while (!fs.existsSync(endpoints)) {
      if (settled) throw new Error(`the CLI ended before serving: ${stderr.join('')}`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
    const written = JSON.parse(fs.readFileSync(endpoints, 'utf-8'));
    const url = written.stacks[0].apis[0].url;
    expect((await fetch(`${url}health`)).status).toBe(200);

    process.kill(written.cognitoEmulatorPid, 'SIGKILL');
    const stillServing = new Promise((resolveWait) => setTimeout(() => resolveWait('still serving 10 s later'), 10_000).unref());
    expect(await Promise.race([exitCode, stillServing])).toBe(1);
    expect(stderr.join('')).toMatch(/the Cognito emulator \(moto, pid \d+\) exited unexpectedly \(signal SIGKILL\)/);
    await expect(fetch(`${url}health`)).rejects.toThrow();
  } finally {
    stdout.mockRestore();
    errors.mockRestore();
  }
});
