import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { RUNNER_TIMEOUT_MS } from './helpers';
import { connectLocal, ENDPOINTS_ENV, LocalApp, startLocal } from '../../src/local/testing';
import { AuthorizationExampleStack } from '../example/authorization-example-stack';
import { BlogExampleStack } from '../example/blog-example-stack';

/**
 * `cdk-cognito-protected-http-api/local` (issue #38 item 1): the testing API a team's own tests use:
 * startLocal() on a cloud assembly, APIs and pools by name, users made to the pool's rules, calls as
 * a user or a machine client, the messages sent, and stop() leaving nothing running.
 */

/** The blog and authorization examples, with construct paths as `cdk synth` records them. */
const assembly = (() => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-local-test-'));
  const app = new App({ analyticsReporting: false, outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  new BlogExampleStack(app, 'BlogExampleStack');
  new AuthorizationExampleStack(app, 'AuthorizationExampleStack');
  app.synth();
  return outdir;
})();

describe('errors before anything starts', () => {
  test('no cloud assembly at the path', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-cdk.out');
    await expect(startLocal({ app: missing })).rejects.toThrow(
      `startLocal: no cloud assembly at ${missing} (no manifest.json there). Synthesize the app first ("npx cdk synth" writes cdk.out/), or pass { app: '<the directory cdk synth wrote>' }.`,
    );
  });

  test('a stack the assembly does not have', async () => {
    await expect(startLocal({ app: assembly, stacks: ['BlogStack'] })).rejects.toThrow(
      `startLocal: no stack "BlogStack" in ${assembly}; its stacks: BlogExampleStack, AuthorizationExampleStack. Pass their ids in { stacks }.`,
    );
  });

  test('connectLocal without an endpoints file', async () => {
    const saved = process.env[ENDPOINTS_ENV];
    delete process.env[ENDPOINTS_ENV];
    try {
      await expect(connectLocal()).rejects.toThrow(`connectLocal: no endpoints file: set ${ENDPOINTS_ENV} in the global setup that ran startLocal()`);
    } finally {
      if (saved !== undefined) process.env[ENDPOINTS_ENV] = saved;
    }
  });
});

describe('a started app', () => {
  let app: LocalApp;

  beforeAll(async () => {
    app = await startLocal({ app: assembly });
  }, RUNNER_TIMEOUT_MS);

  afterAll(() => app?.stop());

  test.each([
    [undefined, 'the app runs 2 APIs (BlogExampleStack/Api/HttpApi, AuthorizationExampleStack/Api/HttpApi): name one, e.g. app.api(\'MyStack/Api\')'],
    ['Api', '2 APIs answer to "Api" (BlogExampleStack/Api/HttpApi, AuthorizationExampleStack/Api/HttpApi): name one by its path, e.g. "BlogExampleStack/Api/HttpApi"'],
    ['Nope', 'no API "Nope"; the app runs: BlogExampleStack/Api/HttpApi, AuthorizationExampleStack/Api/HttpApi'],
  ])('api(%s) names the candidates', (name, message) => {
    expect(() => app.api(name)).toThrow(message);
  });

  test('an API and a pool by construct path, logical id or pool id', () => {
    const api = app.api('BlogExampleStack/Api');
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(api.routes).toEqual(['GET /protected', 'GET /health']);
    expect(app.api(`BlogExampleStack/${api.logicalId}`)).toBe(api);
    const pool = app.pool('BlogExampleStack/Api');
    expect(app.pool(pool.userPoolId)).toBe(pool);
    expect(app.pool(`BlogExampleStack/${pool.logicalId}`)).toBe(pool);
    expect(pool.path).toBe('BlogExampleStack/Api/UserPool/Resource');
  });

  test('a user: generated, signed in once, calling as the blog does (ID token) and with the access token', async () => {
    const api = app.api('BlogExampleStack/Api');
    const user = await app.pool('BlogExampleStack/Api').createUser();
    expect(user.email).toMatch(/^user-[0-9a-f]{8}@example\.com$/);
    expect(user.username).toBe(user.email);
    const tokens = await user.signIn();
    expect(await user.signIn()).toBe(tokens);
    expect((await api.fetch('/protected')).status).toBe(401);
    expect((await api.fetch('protected', { as: user, token: 'id' })).status).toBe(200);
    expect((await api.fetch('/protected', { as: tokens.idToken })).status).toBe(200);
    expect((await api.fetch('/health')).status).toBe(200);
  });

  test('groups and machine clients reach the routes their declared access allows', async () => {
    const pool = app.pool('AuthorizationExampleStack/Api');
    const api = app.api('AuthorizationExampleStack/Api');
    const admin = await pool.createUser({ groups: ['admin'] });
    const member = await pool.createUser();
    expect((await api.fetch('/items/1', { method: 'DELETE', as: admin })).status).toBe(200);
    expect((await api.fetch('/items/1', { method: 'DELETE', as: member })).status).toBe(403);
    const reporting = await pool.machineToken('reporting');
    expect((await api.fetch('/items', { as: reporting })).status).toBe(200);
    expect((await api.fetch('/items', { method: 'POST', as: reporting, body: { name: 'x' } })).status).toBe(403);
    const narrowed = await pool.machineToken('reporting', ['api/items.read']);
    expect((await api.fetch('/items', { as: narrowed })).status).toBe(200);
    await expect(pool.machineToken('reporting', ['api/items.write'])).rejects.toThrow(/^machineToken\("reporting"\): client credentials for \w+: .* 400 invalid_scope/);
  });

  test.each([
    ['machineToken of a client that is not there', (local: LocalApp) => local.pool('AuthorizationExampleStack/Api').machineToken('billing'),
      'machineToken("billing"): AuthorizationExampleStack/Api/UserPool has no machine client "billing"; its clients with a secret: reporting'],
    ['a group the pool does not have', (local: LocalApp) => local.pool('AuthorizationExampleStack/Api').createUser({ email: 'g@example.com', groups: ['owners'] }),
      'createUser(g@example.com): AuthorizationExampleStack/Api/UserPool has no group "owners"; its groups: admin'],
    ['a password the policy refuses', (local: LocalApp) => local.pool('BlogExampleStack/Api').createUser({ email: 'p@example.com', password: 'short' }),
      'createUser(p@example.com) in BlogExampleStack/Api/UserPool: AdminSetUserPassword: InvalidPasswordException'],
  ])('%s', async (_, call, message) => {
    await expect(call(app)).rejects.toThrow(message);
  });

  test('an unconfirmed user gets its code in messages()', async () => {
    const user = await app.pool('BlogExampleStack/Api').createUser({ confirmed: false });
    const messages = await app.messages(user.email);
    expect(messages).toEqual([expect.objectContaining({ kind: 'sign-up', destination: user.email, code: expect.stringMatching(/^\d{6}$/) })]);
    await expect(user.signIn()).rejects.toThrow('UserNotConfirmedException');
  });

  test('connectLocal: the same app from another process\'s endpoints file; its stop() deletes its users and leaves the runner', async () => {
    const attached = await connectLocal({ endpoints: app.endpointsFile });
    const user = await attached.pool('BlogExampleStack/Api').createUser();
    await attached.stop();
    await expect(user.signIn()).rejects.toThrow(/UserNotFoundException|NotAuthorizedException/);
    expect((await app.api('BlogExampleStack/Api').fetch('/health')).status).toBe(200);
  });
});

test('stop() ends every process startLocal started, and may be called twice', async () => {
  const app = await startLocal({ app: assembly, stacks: ['BlogExampleStack'] });
  const { cognitoEmulatorPid } = JSON.parse(fs.readFileSync(app.endpointsFile, 'utf-8'));
  const url = app.api().url;
  expect((await fetch(`${url}health`)).status).toBe(200);
  await Promise.all([app.stop(), app.stop()]);
  await app.stop();
  expect(() => process.kill(cognitoEmulatorPid, 0)).toThrow();
  await expect(fetch(`${url}health`)).rejects.toThrow();
  expect(fs.existsSync(app.endpointsFile)).toBe(false);
}, RUNNER_TIMEOUT_MS);
