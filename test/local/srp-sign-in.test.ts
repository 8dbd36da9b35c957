import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { apiUrl, call, claimsOf, createApiPool, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoProtectedHttpApi, WhoamiFunction } from '../../src';
import { CognitoClient, CognitoError } from '../../src/local/cognito/client';

/**
 * Passwords verified on every path: SRP sign-ins (`USER_SRP_AUTH`, amazon-cognito-identity-js's
 * default flow) through the runner's Cognito endpoint, on three pools — plain usernames, email as an
 * alias, email as the username — and on a pool created through the API (CreateUserPool, email as an
 * alias), and the operations that set a password. One row per scenario, citing the Cognito API reference.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const REF = 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference';
const PASSWORD = 'Right-Passw0rd';
const INCORRECT = { code: 'NotAuthorizedException', message: 'Incorrect username or password.' };

/** The template's pools, and `api`: one created through the API (its tokens are for no API of the template). */
type PoolKind = 'plain' | 'alias' | 'email' | 'api';
const SIGN_IN = { plain: { username: true }, alias: { username: true, email: true }, email: { email: true } } as const;

let local: TestRunner;
const pools = {} as Record<PoolKind, { userPoolId: string; clientId: string; url: string }>;
let cognito: CognitoClient;
let moto: CognitoClient;

beforeAll(async () => {
  const assembly = synthApp((app) => {
    for (const kind of Object.keys(SIGN_IN) as Array<keyof typeof SIGN_IN>) {
      const stack = new Stack(app, `Srp${kind}`);
      new CognitoProtectedHttpApi(stack, 'Api', {
        selfSignUpEnabled: true,
        signInAliases: SIGN_IN[kind],
        routes: [{ path: '/protected', methods: [HttpMethod.GET], handler: new WhoamiFunction(stack, 'Handler') }],
      });
    }
  });
  local = await startTestRunner(assembly);
  const { runner } = local;
  for (const kind of Object.keys(SIGN_IN) as Array<keyof typeof SIGN_IN>) {
    const pool = runner.stack(`Srp${kind}`).userPools[0];
    pools[kind] = { userPoolId: pool.userPoolId, clientId: pool.clients[0].clientId, url: apiUrl(runner, `Srp${kind}`, 'Api') };
  }
  const created = await createApiPool(runner.cognitoEndpoint, 'us-east-1', { AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'] }, {
    app: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], PreventUserExistenceErrors: 'ENABLED' },
  });
  pools.api = { userPoolId: created.userPoolId, clientId: created.clients.app.id, url: '' };
  cognito = new CognitoClient(runner.cognitoEndpoint, 'us-east-1');
  moto = new CognitoClient(runner.awsEndpoint, 'us-east-1');
});

afterAll(() => local?.runner.stop());

interface Outcome {
  readonly idToken?: string;
  readonly accessToken?: string;
  readonly error?: { code: string; message: string };
}

/** amazon-cognito-identity-js's `authenticateUser` (SRP) against the runner; `newPassword` answers NEW_PASSWORD_REQUIRED. */
function srpSignIn(kind: PoolKind, username: string, password: string, newPassword?: string): Promise<Outcome> {
  const pool = new CognitoUserPool({ UserPoolId: pools[kind].userPoolId, ClientId: pools[kind].clientId, endpoint: local.runner.cognitoEndpoint });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve) => {
    const callbacks = {
      onSuccess: (session: any) => resolve({ idToken: session.getIdToken().getJwtToken(), accessToken: session.getAccessToken().getJwtToken() }),
      onFailure: (error: any) => resolve({ error: { code: error.code ?? error.name, message: error.message } }),
      newPasswordRequired: () => {
        if (!newPassword) return resolve({ error: { code: 'NEW_PASSWORD_REQUIRED', message: '' } });
        user.completeNewPasswordChallenge(newPassword, {}, callbacks);
      },
    };
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
  });
}

/** A confirmed user signed up through the front; its sign-in name (the email on email pools). */
async function signedUp(kind: PoolKind, password = PASSWORD): Promise<{ name: string; email: string; username: string }> {
  const id = Math.random().toString(36).slice(2, 10);
  const email = `srp-${id}@example.com`;
  const name = kind === 'email' ? email : `user-${id}`;
  await cognito.call('SignUp', { ClientId: pools[kind].clientId, Username: name, Password: password, UserAttributes: [{ Name: 'email', Value: email }] });
  await cognito.call('AdminConfirmSignUp', { UserPoolId: pools[kind].userPoolId, Username: name });
  const { Username } = await cognito.call('AdminGetUser', { UserPoolId: pools[kind].userPoolId, Username: name });
  return { name, email, username: Username };
}

const errorOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: CognitoError) => ({ code: error.code, message: error.detail }));

async function expectSignedIn(kind: PoolKind, outcome: Outcome, username?: string): Promise<void> {
  expect(outcome.error).toBeUndefined();
  if (pools[kind].url) expect((await call(`${pools[kind].url}protected`, { token: outcome.idToken })).status).toBe(200);
  else expect(claimsOf(outcome.idToken!).iss).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${pools[kind].userPoolId}`);
  if (username) expect(claimsOf(outcome.accessToken!).username).toBe(username);
}

const rows: Array<[string, string, () => Promise<void>]> = [];
for (const kind of ['plain', 'alias', 'email', 'api'] as PoolKind[]) {
  rows.push(
    [`${kind}: sign-up, admin confirm, the right password over SRP → tokens the API accepts (200)`, 'API_InitiateAuth.html', async () => {
      const user = await signedUp(kind);
      await expectSignedIn(kind, await srpSignIn(kind, user.name, PASSWORD), user.username);
    }],
    [`${kind}: a wrong password over SRP → NotAuthorizedException "Incorrect username or password."`, 'API_RespondToAuthChallenge.html', async () => {
      const user = await signedUp(kind);
      expect((await srpSignIn(kind, user.name, 'Wrong-Passw0rd')).error).toEqual(INCORRECT);
    }],
    [`${kind}: after AdminSetUserPassword the old password fails, the new one works`, 'API_AdminSetUserPassword.html', async () => {
      const user = await signedUp(kind);
      await cognito.call('AdminSetUserPassword', { UserPoolId: pools[kind].userPoolId, Username: user.name, Password: 'Newer-Passw0rd', Permanent: true });
      expect((await srpSignIn(kind, user.name, PASSWORD)).error).toEqual(INCORRECT);
      await expectSignedIn(kind, await srpSignIn(kind, user.name, 'Newer-Passw0rd'));
    }],
  );
}

rows.push(
  ['email as the username: USER_ID_FOR_SRP is the internal username (sub), what the SDK sends back', 'API_AdminInitiateAuth.html', async () => {
    const user = await signedUp('email');
    const { ChallengeParameters } = await cognito.call('InitiateAuth', {
      ClientId: pools.email.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: user.email, SRP_A: 'abcdef' },
    });
    const { sub } = claimsOf((await srpSignIn('email', user.email, PASSWORD)).idToken!);
    expect(ChallengeParameters).toMatchObject({ USER_ID_FOR_SRP: sub, USERNAME: sub });
    expect(Object.keys(ChallengeParameters).sort()).toEqual(['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
  }],
  ['email alias: once the email is verified, it signs in over SRP', 'API_InitiateAuth.html', async () => {
    const user = await signedUp('alias');
    await cognito.call('AdminUpdateUserAttributes', { UserPoolId: pools.alias.userPoolId, Username: user.name, UserAttributes: [{ Name: 'email_verified', Value: 'true' }] });
    await expectSignedIn('alias', await srpSignIn('alias', user.email, PASSWORD), user.username);
    expect((await srpSignIn('alias', user.email, 'Wrong-Passw0rd')).error).toEqual(INCORRECT);
  }],
  ['SRP_A ≡ 0 (mod N) is refused', 'API_InitiateAuth.html', async () => {
    const user = await signedUp('plain');
    expect(await errorOf(cognito.call('InitiateAuth', {
      ClientId: pools.plain.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: user.name, SRP_A: '0' },
    }))).toEqual({ code: 'InvalidParameterException', message: 'SRP_A is not valid: A mod N cannot be 0' });
  }],
  ['AdminInitiateAuth USER_SRP_AUTH + AdminRespondToAuthChallenge: a forged signature is refused', 'API_AdminRespondToAuthChallenge.html', async () => {
    const user = await signedUp('plain');
    const { Session, ChallengeParameters } = await cognito.call('AdminInitiateAuth', {
      UserPoolId: pools.plain.userPoolId, ClientId: pools.plain.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: user.name, SRP_A: 'abcdef' },
    });
    expect(await errorOf(cognito.call('AdminRespondToAuthChallenge', {
      UserPoolId: pools.plain.userPoolId,
      ClientId: pools.plain.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session,
      ChallengeResponses: {
        USERNAME: user.name,
        PASSWORD_CLAIM_SECRET_BLOCK: ChallengeParameters.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: Buffer.alloc(32).toString('base64'),
        TIMESTAMP: 'Tue Mar 5 09:07:03 UTC 2024',
      },
    }))).toEqual(INCORRECT);
  }],
  ['a user whose password never went through the front: refused, and the log says why', 'API_RespondToAuthChallenge.html', async () => {
    const username = `moto-${Math.random().toString(36).slice(2, 8)}`;
    await moto.call('AdminCreateUser', { UserPoolId: pools.plain.userPoolId, Username: username, MessageAction: 'SUPPRESS' });
    await moto.call('AdminSetUserPassword', { UserPoolId: pools.plain.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
    expect((await srpSignIn('plain', username, PASSWORD)).error).toEqual(INCORRECT);
    expect(local.output.filter((line) => line.includes(`SRP sign-in of ${username}`))).toEqual([expect.stringContaining('through that endpoint')]);
    // A USER_PASSWORD_AUTH sign-in through the front proves the password: SRP works from then on.
    await cognito.call('InitiateAuth', { ClientId: pools.plain.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } });
    await expectSignedIn('plain', await srpSignIn('plain', username, PASSWORD), username);
  }],
  ['USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH refuse a wrong password', 'API_AdminInitiateAuth.html', async () => {
    const user = await signedUp('plain');
    expect(await errorOf(cognito.call('InitiateAuth', {
      ClientId: pools.plain.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.name, PASSWORD: 'Wrong-Passw0rd' },
    }))).toEqual(INCORRECT);
    // The construct's user client does not allow the admin flow: a client that does, created for this row.
    const { UserPoolClient } = await cognito.call('CreateUserPoolClient', {
      UserPoolId: pools.plain.userPoolId, ClientName: 'admin-flow', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'],
    });
    expect(await errorOf(cognito.call('AdminInitiateAuth', {
      UserPoolId: pools.plain.userPoolId,
      ClientId: UserPoolClient.ClientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: user.name, PASSWORD: 'Wrong-Passw0rd' },
    }))).toEqual(INCORRECT);
  }],
  ['ChangePassword with the access token of an SRP sign-in: the old password fails, the new one works', 'API_ChangePassword.html', async () => {
    const user = await signedUp('email');
    const { accessToken } = await srpSignIn('email', user.email, PASSWORD);
    expect(await errorOf(cognito.call('ChangePassword', { AccessToken: accessToken, PreviousPassword: 'Wrong-Passw0rd', ProposedPassword: 'Changed-Passw0rd' })))
      .toEqual(INCORRECT);
    await cognito.call('ChangePassword', { AccessToken: accessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Changed-Passw0rd' });
    expect((await srpSignIn('email', user.email, PASSWORD)).error).toEqual(INCORRECT);
    await expectSignedIn('email', await srpSignIn('email', user.email, 'Changed-Passw0rd'));
  }],
  ['AdminCreateUser with a temporary password: SRP, then NEW_PASSWORD_REQUIRED; the new password signs in', 'API_RespondToAuthChallenge.html', async () => {
    const email = `temp-${Math.random().toString(36).slice(2, 8)}@example.com`;
    await cognito.call('AdminCreateUser', {
      UserPoolId: pools.email.userPoolId,
      Username: email,
      TemporaryPassword: 'Temp-Passw0rd',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }],
    });
    expect((await srpSignIn('email', email, 'Wrong-Passw0rd')).error).toEqual(INCORRECT);
    await expectSignedIn('email', await srpSignIn('email', email, 'Temp-Passw0rd', 'Final-Passw0rd'));
    expect((await srpSignIn('email', email, 'Temp-Passw0rd')).error).toEqual(INCORRECT);
    await expectSignedIn('email', await srpSignIn('email', email, 'Final-Passw0rd'));
  }],
  ['password policy errors in Cognito\'s words (SignUp, AdminSetUserPassword, AdminCreateUser)', 'API_SignUp.html', async () => {
    const policy = (reason: string) => ({ code: 'InvalidPasswordException', message: `Password did not conform with policy: ${reason}` });
    expect(await errorOf(cognito.call('SignUp', { ClientId: pools.plain.clientId, Username: 'short-one', Password: 'Sh0rt!' }))).toEqual(policy('Password not long enough'));
    const user = await signedUp('plain');
    const set = (Password: string) => errorOf(cognito.call('AdminSetUserPassword', { UserPoolId: pools.plain.userPoolId, Username: user.name, Password, Permanent: true }));
    expect(await set('lower-passw0rd')).toEqual(policy('Password must have uppercase characters'));
    expect(await set('UPPER-PASSW0RD')).toEqual(policy('Password must have lowercase characters'));
    expect(await set('No-Digits-Here')).toEqual(policy('Password must have numeric characters'));
    expect(await set('NoSymbols1234')).toEqual(policy('Password must have symbol characters'));
    expect(await errorOf(cognito.call('AdminCreateUser', { UserPoolId: pools.plain.userPoolId, Username: 'weak-temp', TemporaryPassword: 'weak' })))
      .toEqual(policy('Password not long enough'));
    await expectSignedIn('plain', await srpSignIn('plain', user.name, PASSWORD));
  }],
);

test.each(rows)('%s (%s)', async (_name, page, run) => {
  expect(page).toMatch(/^API_\w+\.html$/);
  expect(`${REF}/${page}`).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  await run();
});
