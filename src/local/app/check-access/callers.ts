import { spawnSync } from 'child_process';
import { randomUUID } from 'crypto';
import { CognitoClient, CognitoError } from '../../cognito/client';
import { findMotoPrivateKey } from '../../cognito/tokens';
import { LocalUserPool } from '../runner';

/**
 * The callers `check-access` sends to each route: the ones the declared policies tell apart. Users
 * are created in the pool with a recognizable prefix and deleted by `cleanUp()` (also before creating,
 * so a run that was interrupted leaves nothing behind for the next).
 */

/** Username prefix of the users `check-access` creates. */
export const USER_PREFIX = 'check-access-';
const PASSWORD = 'Check-Access-Passw0rd!';

export type CallerKind = 'none' | 'malformed' | 'expired' | 'idToken' | 'accessToken' | 'machine';

export interface Caller {
  /** Short column name: `no token`, `user id`, `admin`, `m2m reporting`… */
  readonly name: string;
  /** For messages: `without a token`, `with a member of admin's access token`… */
  readonly phrase: string;
  readonly kind: CallerKind;
  readonly token?: string;
  /** The groups the user is in (user callers). */
  readonly groups: readonly string[];
  /** The machine client's name (machine callers). */
  readonly machineClient?: string;
}

export interface PoolCallers {
  readonly callers: Caller[];
  /** Callers that could not be made, and why. */
  readonly skipped: string[];
  cleanUp(): Promise<void>;
}

/** The users' names: `check-access-user@example.com`, `check-access-admin@example.com` (email-shaped: pools may sign in with email). */
const usernameFor = (role: string) => `${USER_PREFIX}${role.replace(/[^A-Za-z0-9._-]/g, '_')}@example.com`;

/** Builds the callers for the routes of one pool; `groups` are the groups the routes declare. */
export async function poolCallers(cognito: CognitoClient, pool: LocalUserPool, groups: readonly string[], python: string): Promise<PoolCallers> {
  const userClient = pool.clients.find((client) => !client.clientSecret);
  const callers: Caller[] = [
    { name: 'no token', phrase: 'without a token', kind: 'none', groups: [] },
    { name: 'malformed', phrase: 'with a malformed token', kind: 'malformed', token: 'not.a-jwt', groups: [] },
  ];
  const skipped: string[] = [];
  if (userClient) {
    callers.push({ name: 'expired', phrase: 'with an expired token', kind: 'expired', token: expiredToken(pool, userClient.clientId, python), groups: [] });
  } else {
    skipped.push(`${pool.logicalId}: no app client without a secret: no expired or user tokens`);
  }
  const usernames = ['user', ...groups].map(usernameFor);
  const cleanUp = async () => {
    for (const username of usernames) await deleteUser(cognito, pool.userPoolId, username);
  };
  await cleanUp();
  if (userClient) {
    const user = await signIn(cognito, pool.userPoolId, userClient.clientId, usernameFor('user'), []);
    callers.push({ name: 'user id', phrase: 'with a signed-in user\'s ID token (no groups)', kind: 'idToken', token: user.IdToken, groups: [] });
    callers.push({ name: 'user access', phrase: 'with a signed-in user\'s access token (no groups)', kind: 'accessToken', token: user.AccessToken, groups: [] });
    for (const group of groups) {
      const member = await signIn(cognito, pool.userPoolId, userClient.clientId, usernameFor(group), [group]);
      callers.push({ name: group, phrase: `with the access token of a member of ${group}`, kind: 'accessToken', token: member.AccessToken, groups: [group] });
    }
  }
  for (const client of pool.clients.filter((candidate) => candidate.clientSecret)) {
    const name = client.name ?? client.logicalId;
    if (!pool.oauth) {
      skipped.push(`machine client ${name}: the pool has no domain, so no /oauth2/token`);
      continue;
    }
    const token = await clientCredentialsToken(pool.oauth.url, client.clientId, client.clientSecret!);
    callers.push({ name: `m2m ${name}`, phrase: `with machine client ${name}'s access token`, kind: 'machine', token, groups: [], machineClient: name });
  }
  return { callers, skipped, cleanUp };
}

async function deleteUser(cognito: CognitoClient, userPoolId: string, username: string): Promise<void> {
  try {
    await cognito.call('AdminDeleteUser', { UserPoolId: userPoolId, Username: username });
  } catch (error) {
    if (!(error instanceof CognitoError && error.code === 'UserNotFoundException')) throw error;
  }
}

/** A confirmed user with a permanent password, in `groups`, signed in with USER_PASSWORD_AUTH (or ADMIN_USER_PASSWORD_AUTH). */
async function signIn(
  cognito: CognitoClient, userPoolId: string, clientId: string, username: string, groups: string[],
): Promise<{ IdToken: string; AccessToken: string }> {
  await cognito.call('AdminCreateUser', {
    UserPoolId: userPoolId,
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: username }, { Name: 'email_verified', Value: 'true' }],
  });
  await cognito.call('AdminSetUserPassword', { UserPoolId: userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  for (const group of groups) await cognito.call('AdminAddUserToGroup', { UserPoolId: userPoolId, Username: username, GroupName: group });
  const AuthParameters = { USERNAME: username, PASSWORD };
  try {
    return (await cognito.call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters })).AuthenticationResult;
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    return (await cognito.call('AdminInitiateAuth', { UserPoolId: userPoolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters })).AuthenticationResult;
  }
}

/** The client-credentials grant at the pool domain's local token endpoint. */
async function clientCredentialsToken(oauthUrl: string, clientId: string, secret: string): Promise<string> {
  const response = await fetch(`${oauthUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'authorization': `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  const answer = await response.json() as { access_token?: string; error?: string };
  if (!answer.access_token) throw new Error(`client credentials for ${clientId}: /oauth2/token answered ${response.status} ${answer.error}`);
  return answer.access_token;
}

/**
 * An access token of the pool's user client that expired an hour ago, signed with moto's key (which
 * stays in every pool's key set): only its `exp` makes it invalid. moto's key file holds `n`, `e`
 * and `d` only (no CRT parameters, which Node's crypto requires), so moto's own JOSE library signs it.
 */
function expiredToken(pool: LocalUserPool, clientId: string, python: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: randomUUID(),
    iss: pool.issuer,
    client_id: clientId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    username: usernameFor('expired'),
    iat: now - 7200,
    auth_time: now - 7200,
    exp: now - 3600,
  };
  const script = [
    'import gzip, json, sys',
    'from joserfc import jwt',
    'from joserfc.jwk import RSAKey',
    'key = RSAKey.import_key(json.load(gzip.open(sys.argv[1])))',
    "print(jwt.encode({'alg': 'RS256', 'kid': key.kid or 'dummy', 'typ': 'JWT'}, json.loads(sys.argv[2]), key))",
  ].join('\n');
  const result = spawnSync(python, ['-c', script, findMotoPrivateKey(python), JSON.stringify(claims)], { encoding: 'utf-8' });
  if (result.status !== 0) throw new Error(`signing the expired token with moto's key failed: ${result.stderr}`);
  return result.stdout.trim();
}
