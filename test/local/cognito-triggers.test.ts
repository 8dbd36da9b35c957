import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { claimsOf, oauthPost, RUNNER_TIMEOUT_MS, signedInUser, signInThroughPage, startTestRunner, synthApp, TestRunner, Tokens } from './helpers';
import { LocalUserPool } from '../../src/local/app/runner';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * A template's Cognito Lambda triggers, run on the runner's Lambda workers by the local OAuth 2.0
 * endpoints and the runner's Cognito endpoint (a front of moto) — "Pre token generation", "Pre
 * authentication", "Pre sign-up", "Post confirmation Lambda trigger" in the Cognito developer guide:
 * V2 adds and suppresses claims and scopes and overrides groups; V1 changes the ID token; pre sign-up
 * auto-confirms and auto-verifies; V3 also runs on the client-credentials grant (triggerSource
 * `TokenGeneration_ClientCredentials`, no user), V2 does not; a failing trigger fails the operation (UserLambdaValidationException,
 * "<Trigger> failed with error <message>."); triggers not run are named.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const V2 = `exports.handler = async (event) => {
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' }, claimsToSuppress: ['email'] },
    accessTokenGeneration: { claimsToAddOrOverride: { plan: 'gold', sub: 'not-allowed' }, scopesToAdd: ['reports/read'], scopesToSuppress: ['email'] },
    groupOverrideDetails: { groupsToOverride: ['overridden'] },
  };
  return event;
};`;
/** Says what it was sent in a claim (`seen`), and changes the access token as a V3 trigger may. */
const V3 = `exports.handler = async (event) => {
  const seen = { version: event.version, triggerSource: event.triggerSource, userName: event.userName ?? null, request: Object.keys(event.request).sort(),
    scopes: event.request.scopes, clientMetadata: event.request.clientMetadata ?? null };
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: { v3: 'id' } },
    accessTokenGeneration: {
      claimsToAddOrOverride: { seen: JSON.stringify(seen), tenant: 'acme', client_id: 'forged', token_use: 'id' },
      scopesToAdd: ['api/extra'], scopesToSuppress: ['api/write'],
    },
  };
  return event;
};`;
const V1 = `exports.handler = async (event) => {
  if (event.request.userAttributes.email.startsWith('boom')) throw new Error('no tokens for you');
  event.response.claimsOverrideDetails = { claimsToAddOrOverride: { v1: 'yes' }, claimsToSuppress: ['email'] };
  return event;
};`;
const PRE_SIGN_UP = `exports.handler = async (event) => {
  if (event.request.userAttributes.email.startsWith('reject')) throw new Error('sign-ups closed');
  event.response.autoConfirmUser = true;
  event.response.autoVerifyEmail = true;
  return event;
};`;
const POST_CONFIRMATION = `exports.handler = async (event) => {
  console.log('post confirmation for', event.request.userAttributes.email, event.triggerSource);
  return event;
};`;
const PRE_AUTH = `exports.handler = async (event) => {
  if (event.request.userAttributes.email.startsWith('blocked')) throw new Error('account blocked');
  return event;
};`;

function poolWithDomain(stack: Stack, id: string, prefix: string) {
  const pool = new cognito.UserPool(stack, id, { featurePlan: cognito.FeaturePlan.ESSENTIALS, signInAliases: { email: true } });
  pool.addDomain(`${id}Domain`, { cognitoDomain: { domainPrefix: prefix } });
  pool.addClient(`${id}Client`, {
    authFlows: { userPassword: true },
    oAuth: { flows: { authorizationCodeGrant: true }, scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL], callbackUrls: ['http://localhost:3000/callback'] },
  });
  return pool;
}

/** A resource server `api` (read, write) and a client-credentials client with both scopes. */
function withMachineClient(pool: cognito.UserPool, id: string) {
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'read' });
  const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'write' });
  const server = pool.addResourceServer(`${id}Api`, { identifier: 'api', scopes: [read, write] });
  pool.addClient(`${id}Machine`, {
    generateSecret: true,
    oAuth: { flows: { clientCredentials: true }, scopes: [read, write].map((scope) => cognito.OAuthScope.resourceServer(server, scope)) },
  });
}

const fn = (stack: Stack, id: string, code: string) =>
  new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline(code) });

let local: TestRunner;
let v2Pool: LocalUserPool;
let v1Pool: LocalUserPool;
let v3Pool: LocalUserPool;
let signUpPool: LocalUserPool;
let cognitoApi: CognitoClient;

beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'TriggersStack');
    const v2 = poolWithDomain(stack, 'V2Pool', 'triggers-v2');
    v2.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn(stack, 'V2Fn', V2), cognito.LambdaVersion.V2_0);
    v2.addTrigger(cognito.UserPoolOperation.PRE_AUTHENTICATION, fn(stack, 'PreAuthFn', PRE_AUTH));
    v2.addTrigger(cognito.UserPoolOperation.CUSTOM_MESSAGE, fn(stack, 'MessageFn', 'exports.handler = async (e) => e;'));
    withMachineClient(v2, 'V2');
    const v3 = poolWithDomain(stack, 'V3Pool', 'triggers-v3');
    v3.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn(stack, 'V3Fn', V3), cognito.LambdaVersion.V3_0);
    withMachineClient(v3, 'V3');
    const v1 = poolWithDomain(stack, 'V1Pool', 'triggers-v1');
    v1.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, fn(stack, 'V1Fn', V1));
    const signUp = new cognito.UserPool(stack, 'SignUpPool', { signInAliases: { email: true }, selfSignUpEnabled: true });
    signUp.addClient('SignUpClient', { authFlows: { userPassword: true } });
    signUp.addTrigger(cognito.UserPoolOperation.PRE_SIGN_UP, fn(stack, 'PreSignUpFn', PRE_SIGN_UP));
    signUp.addTrigger(cognito.UserPoolOperation.POST_CONFIRMATION, fn(stack, 'PostConfirmationFn', POST_CONFIRMATION));
  }));
  const pools = local.runner.stack('TriggersStack').userPools;
  v2Pool = pools.find((pool) => pool.logicalId.startsWith('V2Pool'))!;
  v1Pool = pools.find((pool) => pool.logicalId.startsWith('V1Pool'))!;
  v3Pool = pools.find((pool) => pool.logicalId.startsWith('V3Pool'))!;
  signUpPool = pools.find((pool) => pool.logicalId.startsWith('SignUpPool'))!;
  cognitoApi = new CognitoClient(local.runner.cognitoEndpoint, 'us-east-1');
});
afterAll(() => local?.runner.stop());

async function user(pool: LocalUserPool, prefix = 'user'): Promise<Tokens> {
  const tokens = await signedInUser(local.runner, 'us-east-1', pool.userPoolId, pool.clients[0].clientId);
  if (prefix === 'user') return tokens;
  // Another user whose email starts with `prefix` (the triggers above look at it).
  const email = `${prefix}-${tokens.username}`;
  const client = new CognitoClient(local.runner.cognitoEndpoint, 'us-east-1');
  await client.call('SignUp', { ClientId: pool.clients[0].clientId, Username: email, Password: tokens.password, UserAttributes: [{ Name: 'email', Value: email }] });
  await client.call('AdminConfirmSignUp', { UserPoolId: pool.userPoolId, Username: email });
  return { ...tokens, username: email };
}

async function codeFlow(pool: LocalUserPool, tokens: Tokens) {
  const clientId = pool.clients[0].clientId;
  const { code, verifier } = await signInThroughPage(pool.oauth!.url, clientId, tokens, { scope: 'openid email' });
  return oauthPost(`${pool.oauth!.url}/oauth2/token`, {
    grant_type: 'authorization_code', client_id: clientId, code, code_verifier: verifier, redirect_uri: 'http://localhost:3000/callback',
  });
}

test('pre token generation V2: claims added and suppressed in both tokens, scopes added and suppressed, groups overridden; reserved claims kept', async () => {
  const answer = await codeFlow(v2Pool, await user(v2Pool));
  expect(answer.status).toBe(200);
  const access = claimsOf(answer.body.access_token);
  const id = claimsOf(answer.body.id_token);
  expect(access).toMatchObject({ 'plan': 'gold', 'scope': 'openid reports/read', 'cognito:groups': ['overridden'] });
  expect(access.sub).not.toBe('not-allowed');
  expect(id).toMatchObject({ 'tenant': 'acme', 'cognito:groups': ['overridden'] });
  expect(id.email).toBeUndefined();
});

describe('pre token generation V3', () => {
  const machineToken = async (pool: LocalUserPool, form: Record<string, string> = {}) => {
    const machine = pool.clients.find((client) => client.clientSecret)!;
    const answer = await oauthPost(`${pool.oauth!.url}/oauth2/token`, { grant_type: 'client_credentials', ...form }, {
      clientId: machine.clientId, secret: machine.clientSecret!,
    });
    expect(answer.status).toBe(200);
    return { claims: claimsOf(answer.body.access_token), clientId: machine.clientId };
  };

  test('runs on the client-credentials grant (TokenGeneration_ClientCredentials, no user); its claims and scopes apply, reserved claims stay', async () => {
    const { claims, clientId } = await machineToken(v3Pool, { aws_client_metadata: JSON.stringify({ tenantHint: 'acme' }) });
    expect(JSON.parse(claims.seen)).toEqual({
      version: '3',
      triggerSource: 'TokenGeneration_ClientCredentials',
      userName: null,
      request: ['clientMetadata', 'scopes'],
      scopes: ['api/read', 'api/write'],
      clientMetadata: { tenantHint: 'acme' },
    });
    expect(claims).toMatchObject({ tenant: 'acme', scope: 'api/read api/extra', client_id: clientId, sub: clientId, token_use: 'access' });
  });

  test('runs for a user\'s sign-in with the V3 event and response', async () => {
    const tokens = await user(v3Pool);
    const access = claimsOf(tokens.accessToken);
    expect(JSON.parse(access.seen)).toMatchObject({ version: '3', triggerSource: 'TokenGeneration_Authentication', userName: access.username });
    expect(JSON.parse(access.seen).request).toEqual(['groupConfiguration', 'scopes', 'userAttributes']);
    expect(access).toMatchObject({ tenant: 'acme', token_use: 'access' });
    expect(claimsOf(tokens.idToken)).toMatchObject({ v3: 'id' });
  });

  test('a V2 trigger does not run on the client-credentials grant', async () => {
    const { claims } = await machineToken(v2Pool);
    expect(claims.plan).toBeUndefined();
    expect(claims.scope).toBe('api/read api/write');
  });
});

test('pre token generation V1: the ID token\'s claims change, the access token keeps its scopes', async () => {
  const answer = await codeFlow(v1Pool, await user(v1Pool));
  expect(claimsOf(answer.body.id_token)).toMatchObject({ v1: 'yes' });
  expect(claimsOf(answer.body.id_token).email).toBeUndefined();
  expect(claimsOf(answer.body.access_token).scope).toBe('openid email');
});

test('a failing pre token generation trigger fails the token request ("PreTokenGeneration failed with error …")', async () => {
  const answer = await codeFlow(v1Pool, await user(v1Pool, 'boom'));
  expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: 'PreTokenGeneration failed with error no tokens for you.' } });
});

test('a failing pre authentication trigger fails the sign-in on the local page, with its message', async () => {
  await expect(signInThroughPage(v2Pool.oauth!.url, v2Pool.clients[0].clientId, await user(v2Pool, 'blocked'), { scope: 'openid' }))
    .rejects.toThrow(/PreAuthentication failed with error account blocked\./);
});

test('the start-up notes say which triggers run locally and name those that do not', () => {
  const warnings = local.runner.stack('TriggersStack').warnings;
  expect(warnings).toEqual(expect.arrayContaining([
    expect.stringMatching(/^V2Pool\w+: the PreTokenGeneration Lambda trigger runs for the tokens of InitiateAuth, AdminInitiateAuth and the local \/oauth2\/token/),
    expect.stringMatching(/^V2Pool\w+: the PreAuthentication Lambda trigger runs on InitiateAuth, AdminInitiateAuth and the local sign-in page/),
    expect.stringMatching(/^V2Pool\w+: the CustomMessage Lambda trigger runs for the texts of the codes and invitations the local Cognito sends/),
  ]));
});

describe('through the runner\'s Cognito endpoint (the AWS CLI and SDKs with --endpoint-url)', () => {
  const password = 'Test-Passw0rd';

  test('pre sign-up auto-confirms and auto-verifies; post confirmation runs; the user can sign in at once', async () => {
    const email = `new-${Date.now()}@example.com`;
    const clientId = signUpPool.clients[0].clientId;
    const answer = await cognitoApi.call('SignUp', { ClientId: clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] });
    expect(answer.UserConfirmed).toBe(true);
    const created = await cognitoApi.call('AdminGetUser', { UserPoolId: signUpPool.userPoolId, Username: email });
    expect(created.UserStatus).toBe('CONFIRMED');
    expect(created.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email_verified', Value: 'true' }]));
    expect(local.output.some((line) => line.includes(`post confirmation for ${email} PostConfirmation_ConfirmSignUp`))).toBe(true);
    const signIn = await cognitoApi.call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } });
    expect(claimsOf(signIn.AuthenticationResult.IdToken)).toMatchObject({ email, token_use: 'id', aud: clientId });
  });

  test('a failing pre sign-up trigger fails SignUp with UserLambdaValidationException, and no user is created', async () => {
    const email = `reject-${Date.now()}@example.com`;
    await expect(cognitoApi.call('SignUp', { ClientId: signUpPool.clients[0].clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }))
      .rejects.toThrow('UserLambdaValidationException: PreSignUp failed with error sign-ups closed.');
    await expect(cognitoApi.call('AdminGetUser', { UserPoolId: signUpPool.userPoolId, Username: email })).rejects.toThrow(/UserNotFoundException/);
  });

  test('InitiateAuth tokens are issued as Cognito\'s, with the pool\'s pre-token-generation trigger (V2)', async () => {
    const tokens = await user(v2Pool);
    expect(claimsOf(tokens.accessToken)).toMatchObject({ plan: 'gold', scope: 'aws.cognito.signin.user.admin reports/read', token_use: 'access' });
    expect(claimsOf(tokens.idToken)).toMatchObject({ tenant: 'acme' });
  });

  test('a failing pre authentication trigger fails InitiateAuth', async () => {
    const blocked = await user(v2Pool, 'blocked');
    await expect(cognitoApi.call('InitiateAuth', {
      ClientId: v2Pool.clients[0].clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: blocked.username, PASSWORD: blocked.password },
    })).rejects.toThrow('UserLambdaValidationException: PreAuthentication failed with error account blocked.');
  });
});
