import { createHmac } from 'crypto';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiPool, claimsOf, cognitoOutcome, createApiPool, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * The app client's rules and token revocation, as the local Cognito endpoint (the runner's front of
 * moto, which enforces none of them) answers them. One row per call; each cites the page of the
 * Cognito API reference (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/)
 * or the developer guide that states the behaviour.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const REGION = 'us-east-1';
const PASSWORD = 'Test-Passw0rd';

let local: TestRunner;
let front: CognitoClient;
/** The pool the rows run on (each table runs on the template's pool, then on one created through the API). */
let userPoolId: string;
let clients: ApiPool['clients'];
const pools: Record<string, ApiPool> = {};

const hash = (username: string, client: { id: string; secret?: string }) =>
  createHmac('sha256', client.secret!).update(username + client.id).digest('base64');

const outcome = (action: string, body: Record<string, unknown>) => cognitoOutcome(front, action, body);

const passwordAuth = (client: string, username: string, extra: Record<string, string> = {}) => ({
  ClientId: clients[client].id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: PASSWORD, ...extra },
});

async function signIn(client = 'open', username = 'alice') {
  return (await front.call('InitiateAuth', passwordAuth(client, username))).AuthenticationResult;
}

beforeAll(async () => {
  const assembly = synthApp((app) => {
    const stack = new Stack(app, 'ClientRulesStack', { env: { region: REGION } });
    const pool = new cognito.UserPool(stack, 'Pool', { selfSignUpEnabled: true });
    pool.addClient('open', { authFlows: { userPassword: true, userSrp: true }, preventUserExistenceErrors: true });
    pool.addClient('srpOnly', { authFlows: { userSrp: true } });
    pool.addClient('secret', {
      authFlows: { userPassword: true }, generateSecret: true, oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://example.com/cb'] },
    });
    pool.addClient('legacy', { authFlows: { userPassword: true }, preventUserExistenceErrors: false });
    pool.addClient('noRevocation', { authFlows: { userPassword: true }, enableTokenRevocation: false });
    pool.addClient('everyFlow', { authFlows: { userPassword: true, custom: true, user: true } });
    pool.addClient('shortLived', {
      authFlows: { userPassword: true },
      accessTokenValidity: Duration.minutes(10),
      idTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.hours(1),
    });
  });
  local = await startTestRunner(assembly);
  front = new CognitoClient(local.runner.cognitoEndpoint, REGION);
  const [pool] = local.runner.stack('ClientRulesStack').userPools;
  const templateClients: ApiPool['clients'] = {};
  for (const client of pool.clients) {
    const described = await front.call('DescribeUserPoolClient', { UserPoolId: pool.userPoolId, ClientId: client.clientId });
    const name = Object.keys({ open: 0, srpOnly: 0, secret: 0, legacy: 0, noRevocation: 0, everyFlow: 0, shortLived: 0 }).find((key) => client.logicalId.startsWith(`Pool${key}`))!;
    templateClients[name] = { id: client.clientId, secret: described.UserPoolClient.ClientSecret };
  }
  pools.template = { userPoolId: pool.userPoolId, clients: templateClients };
  // The same clients on a pool created through the API (the CDK's defaults spelled out).
  const flows = (...allowed: string[]) => ({ ExplicitAuthFlows: [...allowed.map((flow) => `ALLOW_${flow}`), 'ALLOW_REFRESH_TOKEN_AUTH'] });
  pools['created through the API'] = await createApiPool(local.runner.cognitoEndpoint, REGION, {}, {
    open: { ...flows('USER_PASSWORD_AUTH', 'USER_SRP_AUTH'), PreventUserExistenceErrors: 'ENABLED' },
    srpOnly: { ...flows('USER_SRP_AUTH'), PreventUserExistenceErrors: 'ENABLED' },
    secret: { ...flows('USER_PASSWORD_AUTH'), GenerateSecret: true, PreventUserExistenceErrors: 'ENABLED' },
    legacy: { ...flows('USER_PASSWORD_AUTH'), PreventUserExistenceErrors: 'LEGACY' },
    noRevocation: { ...flows('USER_PASSWORD_AUTH'), EnableTokenRevocation: false },
    everyFlow: flows('USER_PASSWORD_AUTH', 'CUSTOM_AUTH', 'USER_AUTH'),
    shortLived: {
      ...flows('USER_PASSWORD_AUTH'),
      AccessTokenValidity: 10,
      IdTokenValidity: 15,
      RefreshTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    },
  });
  for (const { userPoolId: id } of Object.values(pools)) {
    for (const username of ['alice', 'bob', 'carol']) {
      await front.call('AdminCreateUser', { UserPoolId: id, Username: username, MessageAction: 'SUPPRESS' });
      await front.call('AdminSetUserPassword', { UserPoolId: id, Username: username, Password: PASSWORD, Permanent: true });
    }
  }
});

afterAll(async () => {
  await local?.runner.stop();
});

describe.each(['template', 'created through the API'])('on a pool: %s', (name) => {
  beforeAll(() => {
    ({ userPoolId, clients } = pools[name]);
  });

  describe('ExplicitAuthFlows (InitiateAuth, AdminInitiateAuth: "InvalidParameterException")', () => {
    test.each([
      ['USER_PASSWORD_AUTH on a client that allows only SRP', 'InitiateAuth', () => passwordAuth('srpOnly', 'alice'),
        'InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client'],
      ['ADMIN_USER_PASSWORD_AUTH on a client without ALLOW_ADMIN_USER_PASSWORD_AUTH', 'AdminInitiateAuth',
        () => ({ UserPoolId: userPoolId, ClientId: clients.open.id, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
        'InvalidParameterException: Auth flow not enabled for this client'],
      ['USER_PASSWORD_AUTH on a client that allows it', 'InitiateAuth', () => passwordAuth('open', 'alice'), 'ok'],
    ])('%s → %s', async (_row, action, body, expected) => {
      expect(await outcome(action, body())).toBe(expected);
    });
  });

  describe('SECRET_HASH for a client with a secret ("Computing secret hash values"; InitiateAuth, SignUp)', () => {
    test.each([
      ['no SECRET_HASH', () => passwordAuth('secret', 'alice'),
        () => `NotAuthorizedException: Client ${clients.secret.id} is configured for secret but secret was not received`],
      ['a wrong SECRET_HASH', () => passwordAuth('secret', 'alice', { SECRET_HASH: hash('bob', clients.secret) }),
        () => `NotAuthorizedException: Unable to verify secret hash for client ${clients.secret.id}`],
      ['the right SECRET_HASH', () => passwordAuth('secret', 'alice', { SECRET_HASH: hash('alice', clients.secret) }), () => 'ok'],
    ])('InitiateAuth with %s', async (_row, body, expected) => {
      expect(await outcome('InitiateAuth', body())).toBe(expected());
    });

    test('SignUp without SecretHash → NotAuthorizedException', async () => {
      expect(await outcome('SignUp', { ClientId: clients.secret.id, Username: 'dave', Password: PASSWORD }))
        .toBe(`NotAuthorizedException: Client ${clients.secret.id} is configured for secret but secret was not received`);
    });
  });

  describe('PreventUserExistenceErrors ("Managing error responses")', () => {
    test.each([
      ['ENABLED', 'open', 'NotAuthorizedException: Incorrect username or password.'],
      ['LEGACY', 'legacy', 'UserNotFoundException: User does not exist.'],
    ])('an unknown user signing in, %s → %s', async (_setting, client, expected) => {
      expect(await outcome('InitiateAuth', passwordAuth(client, 'nobody'))).toBe(expected);
    });
  });

  describe('the access tokens the front issues work on the access-token operations (GetUser)', () => {
    test('GetUser with the token of InitiateAuth → the user', async () => {
      const tokens = await signIn();
      expect((await front.call('GetUser', { AccessToken: tokens.AccessToken })).Username).toBe('alice');
    });

    test('a client created after start (CreateUserPoolClient) signs in and calls GetUser like the template\'s', async () => {
      const { UserPoolClient } = await front.call('CreateUserPoolClient', { UserPoolId: userPoolId, ClientName: 'late', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
      const { AuthenticationResult } = await front.call('InitiateAuth', {
        ClientId: UserPoolClient.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD },
      });
      expect((await front.call('GetUser', { AccessToken: AuthenticationResult.AccessToken })).Username).toBe('alice');
      expect(await outcome('InitiateAuth', { ClientId: UserPoolClient.ClientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'alice', SRP_A: '1' } }))
        .toBe('InvalidParameterException: USER_SRP_AUTH flow not enabled for this client');
    });
  });

  describe('revocation ("Revoking tokens"; RevokeToken, GlobalSignOut)', () => {
    test('RevokeToken → its refresh token and its access tokens are refused; another sign-in is not', async () => {
      const revoked = await signIn('open', 'bob');
      const other = await signIn('open', 'bob');
      expect(await outcome('RevokeToken', { ClientId: clients.open.id, Token: revoked.RefreshToken })).toBe('ok');
      expect(await outcome('InitiateAuth', { ClientId: clients.open.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: revoked.RefreshToken } }))
        .toBe('NotAuthorizedException: Refresh Token has been revoked');
      expect(await outcome('GetUser', { AccessToken: revoked.AccessToken })).toBe('NotAuthorizedException: Access Token has been revoked');
      expect(await outcome('GetUser', { AccessToken: other.AccessToken })).toBe('ok');
      expect(await outcome('InitiateAuth', { ClientId: clients.open.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: other.RefreshToken } }))
        .toBe('ok');
    });

    test('GlobalSignOut → every sign-in of the user is refused on later calls', async () => {
      const first = await signIn('open', 'carol');
      const second = await signIn('open', 'carol');
      expect(await outcome('GlobalSignOut', { AccessToken: second.AccessToken })).toBe('ok');
      expect(await outcome('GetUser', { AccessToken: first.AccessToken })).toBe('NotAuthorizedException: Access Token has been revoked');
      expect(await outcome('InitiateAuth', { ClientId: clients.open.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: first.RefreshToken } }))
        .toBe('NotAuthorizedException: Refresh Token has been revoked');
      const again = await signIn('open', 'carol');
      expect(await outcome('GetUser', { AccessToken: again.AccessToken })).toBe('ok');
    });

    test('RevokeToken on a client with EnableTokenRevocation off → UnsupportedOperationException', async () => {
      const tokens = await signIn('noRevocation', 'alice');
      expect(await outcome('RevokeToken', { ClientId: clients.noRevocation.id, Token: tokens.RefreshToken }))
        .toBe(`UnsupportedOperationException: Token revocation is not enabled for client ${clients.noRevocation.id}`);
    });
  });

  describe('what the runner does not emulate says so, in Cognito\'s error shape', () => {
    test.each([
      ['CUSTOM_AUTH', 'InitiateAuth with AuthFlow CUSTOM_AUTH is not emulated by the local runner: the define, create and verify auth challenge Lambda triggers do not run locally'],
    ])('InitiateAuth with %s (allowed by the client) → InvalidParameterException', async (flow, message) => {
      expect(await outcome('InitiateAuth', { ClientId: clients.everyFlow.id, AuthFlow: flow, AuthParameters: { USERNAME: 'alice' } }))
        .toBe(`InvalidParameterException: ${message}`);
    });

    test('an operation moto does not implement (GetUserAuthFactors) → InvalidParameterException, not an HTML page', async () => {
      const tokens = await signIn();
      expect(await outcome('GetUserAuthFactors', { AccessToken: tokens.AccessToken }))
        .toBe('InvalidParameterException: GetUserAuthFactors is not emulated by the local runner: the emulator (moto) does not implement it');
    });
  });

  describe('the client\'s token validities ("App client token expiration"; moto issues every token for an hour)', () => {
    test('access and ID tokens live as long as the client says, and ExpiresIn says so', async () => {
      const tokens = await signIn('shortLived');
      const lifetime = (token: string) => claimsOf(token).exp - claimsOf(token).iat;
      expect([tokens.ExpiresIn, lifetime(tokens.AccessToken), lifetime(tokens.IdToken)]).toEqual([600, 600, 900]);
    });

    test('a refresh token past the client\'s refresh-token validity → NotAuthorizedException "Refresh Token has expired"', async () => {
      const tokens = await signIn('shortLived');
      const later = Date.now() + 61 * 60_000;
      const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
      try {
        expect(await outcome('InitiateAuth', { ClientId: clients.shortLived.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }))
          .toBe('NotAuthorizedException: Refresh Token has expired');
      } finally {
        clock.mockRestore();
      }
      expect(await outcome('InitiateAuth', { ClientId: clients.shortLived.id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }))
        .toBe('ok');
    });
  });

  describe('a change through the endpoint applies at once (the front keeps the pool\'s and clients\' descriptions until then)', () => {
    test('UpdateUserPool with a longer MinimumLength → the next password set is checked against it', async () => {
      const setPassword = () => outcome('AdminSetUserPassword', { UserPoolId: userPoolId, Username: 'carol', Password: PASSWORD, Permanent: true });
      expect(await setPassword()).toBe('ok');
      const policy = (MinimumLength: number) => ({
        PasswordPolicy: { MinimumLength, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true },
      });
      await front.call('UpdateUserPool', { UserPoolId: userPoolId, Policies: policy(20) });
      try {
        expect(await setPassword()).toBe('InvalidPasswordException: Password did not conform with policy: Password not long enough');
      } finally {
        await front.call('UpdateUserPool', { UserPoolId: userPoolId, Policies: policy(8) });
      }
    });

    test('UpdateUserPoolClient allowing USER_PASSWORD_AUTH → the client accepts it at once', async () => {
      expect(await outcome('InitiateAuth', passwordAuth('srpOnly', 'alice'))).toBe('InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client');
      await front.call('UpdateUserPoolClient', { UserPoolId: userPoolId, ClientId: clients.srpOnly.id, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH'] });
      expect(await outcome('InitiateAuth', passwordAuth('srpOnly', 'alice'))).toBe('ok');
    });
  });
});

describe('a pool created through the API is read back as the template\'s are', () => {
  test('DescribeUserPool (LambdaConfig {}), GetUserPoolMfaConfig (WebAuthnConfiguration), its tokens\' issuer and its discovery document', async () => {
    const { userPoolId: id, clients: { open } } = pools['created through the API'];
    const { UserPool } = await front.call('DescribeUserPool', { UserPoolId: id });
    expect(UserPool).toMatchObject({ Id: id, LambdaConfig: {} });
    expect((await front.call('GetUserPoolMfaConfig', { UserPoolId: id })).WebAuthnConfiguration).toEqual({ UserVerification: 'preferred' });
    const { AuthenticationResult } = await front.call('InitiateAuth', {
      ClientId: open.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD },
    });
    const issuer = `https://cognito-idp.${REGION}.amazonaws.com/${id}`;
    expect(claimsOf(AuthenticationResult.AccessToken)).toMatchObject({ iss: issuer, client_id: open.id });
    const discovery = await (await fetch(`${local.runner.cognitoEndpoint}/${id}/.well-known/openid-configuration`)).json() as any;
    expect(discovery.issuer).toBe(issuer);
  });
});
