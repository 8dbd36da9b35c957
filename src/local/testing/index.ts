import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestApp } from './local-app';
import { ConnectLocalOptions, LocalApp, StartLocalOptions } from './types';
import { EndpointsDocument, startLocal as startRunner } from '../app/runner';
import { AssemblyError, readAssembly } from '../assembly';

/**
 * `cdk-cognito-protected-http-api/local`: the local runner for a team's own tests (jest, vitest,
 * `node:test`): start it on a cloud assembly, make users, call the APIs as them, stop everything.
 * Bundled into lib/local/testing.js; its declarations are this file's and types.ts's.
 */

export * from './types';

/** The environment variable naming a running app's endpoints file, for {@link connectLocal}. */
export const ENDPOINTS_ENV = 'CDK_COGNITO_LOCAL_ENDPOINTS';

/** Why the assembly cannot be run, said before anything starts. */
function checkAssembly(dir: string, stacks: readonly string[] | undefined): void {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`startLocal: no cloud assembly at ${dir} (no manifest.json there). Synthesize the app first ` +
      '("npx cdk synth" writes cdk.out/), or pass { app: \'<the directory cdk synth wrote>\' }.');
  }
  let ids: string[];
  try {
    ids = readAssembly(dir).flatMap((stack) => [stack.id, stack.stackName]);
  } catch (error) {
    if (error instanceof AssemblyError) throw new Error(`startLocal: the cloud assembly at ${dir} cannot be read: ${error.message}. Synthesize it again.`);
    throw error;
  }
  const pattern = (filter: string) => new RegExp(`^${filter.split('*').map((part) => part.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*')}$`);
  const unknown = (stacks ?? []).filter((filter) => !ids.some((id) => pattern(filter).test(id)));
  if (unknown.length) {
    throw new Error(`startLocal: no stack ${unknown.map((id) => `"${id}"`).join(', ')} in ${dir}; its stacks: ` +
      `${[...new Set(readAssembly(dir).map((stack) => stack.id))].join(', ') || 'none'}. Pass their ids in { stacks }.`);
  }
}

/** Waits until every API answers an HTTP request (any status). */
async function apisAnswer(app: TestApp): Promise<void> {
  await Promise.all(app.apis.map(async (api) => {
    const response = await fetch(api.url, { method: 'OPTIONS' });
    await response.arrayBuffer();
  }));
}

/**
 * Starts the app's user pools, HTTP APIs, authorizers and functions on free 127.0.0.1 ports;
 * resolves when every API answers. `stop()` ends every process it started.
 */
export async function startLocal(options: StartLocalOptions = {}): Promise<LocalApp> {
  const assemblyDir = path.resolve(options.app ?? 'cdk.out');
  checkAssembly(assemblyDir, options.stacks);
  const endpointsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-local-')), 'local-endpoints.json');
  const log = options.quiet === false ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  let runner;
  try {
    runner = await startRunner({
      assemblyDir,
      stacks: options.stacks,
      port: 0,
      issuer: options.issuer,
      defaultRegion: options.region,
      endpointsFile,
      log,
      onAccessLog: log && ((entry) => log(entry.line)),
    });
  } catch (error) {
    throw new Error(`startLocal: the local runner did not start: ${(error as Error).message}`);
  }
  const stopRunner = async () => {
    await runner.stop();
    fs.rmSync(path.dirname(endpointsFile), { recursive: true, force: true });
  };
  const app = new TestApp(JSON.parse(fs.readFileSync(endpointsFile, 'utf-8')) as EndpointsDocument, endpointsFile, stopRunner);
  try {
    await apisAnswer(app);
  } catch (error) {
    await app.stop();
    throw new Error(`startLocal: an API did not answer on 127.0.0.1: ${(error as Error).message}`);
  }
  return app;
}

/**
 * The app a runner in another process serves (a jest or vitest global setup started it and set
 * `CDK_COGNITO_LOCAL_ENDPOINTS`): `stop()` deletes the users made through it and leaves the runner.
 */
export async function connectLocal(options: ConnectLocalOptions = {}): Promise<LocalApp> {
  const file = options.endpoints ?? process.env[ENDPOINTS_ENV];
  if (!file) {
    throw new Error(`connectLocal: no endpoints file: set ${ENDPOINTS_ENV} in the global setup that ran startLocal() ` +
      `(process.env.${ENDPOINTS_ENV} = app.endpointsFile), or pass { endpoints: '<file>' }`);
  }
  if (!fs.existsSync(file)) throw new Error(`connectLocal: ${file} does not exist: is the runner that wrote it still running?`);
  return new TestApp(JSON.parse(fs.readFileSync(file, 'utf-8')) as EndpointsDocument, file);
}
