/**
 * The callers `check-access` sends to each route: the ones the declared policies tell apart. They are
 * made the same way on the local runner and on a deployed stack, through a {@link CallerPool} (the
 * pool's clients and domain, and Cognito's admin calls on it). Users are created in the pool with a
 * recognizable prefix and deleted by `cleanUp()` (also before creating, so a run that was interrupted
 * leaves nothing behind for the next).
 */

/** Username prefix of the users `check-access` creates. */
export const USER_PREFIX = 'check-access-';

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

export interface UserTokens {
  readonly IdToken: string;
  readonly AccessToken: string;
}

export type SignInFlow = 'USER_PASSWORD_AUTH' | 'ADMIN_USER_PASSWORD_AUTH';

/** A user pool as `check-access` uses it, on the local runner or on AWS. */
export interface CallerPool {
  /** The pool's logical id (for messages). */
  readonly logicalId: string;
  /** The app client without a secret that users sign in with; undefined when the pool has none. */
  readonly userClientId?: string;
  /** The clients with a secret, called with their client-credentials tokens. */
  readonly machineClients: ReadonlyArray<{ readonly name: string; readonly clientId: string; readonly clientSecret: string }>;
  /** Where the pool domain's `/oauth2/token` is (`https://<prefix>.auth.<region>.amazoncognito.com`), when the pool has a domain. */
  readonly oauthUrl?: string;
  /** The temporary users' password (it satisfies the pool's policy). */
  readonly password: string;
  /** An access token of `clientId` that expired, or why none can be made. */
  expiredToken(clientId: string, username: string): { readonly token: string } | { readonly skipped: string };
  /** A confirmed user with `password` (permanent, no message sent), in `groups`. */
  createUser(username: string, password: string, groups: readonly string[]): Promise<void>;
  /** Deletes the user; nothing when there is no such user. */
  deleteUser(username: string): Promise<void>;
  /** The user's tokens through `flow`, or Cognito's refusal (the flow is not enabled on the client…) as a string. */
  signIn(flow: SignInFlow, clientId: string, username: string, password: string): Promise<UserTokens | string>;
}

/** The users' names: `check-access-user@example.com`, `check-access-admin@example.com` (email-shaped: pools may sign in with email). */
export const usernameFor = (role: string) => `${USER_PREFIX}${role.replace(/[^A-Za-z0-9._-]/g, '_')}@example.com`;

/** The caller without a token: the only one for an API without a user pool. */
export const NO_TOKEN_CALLER: Caller = { name: 'no token', phrase: 'without a token', kind: 'none', groups: [] };

/**
 * Builds the callers for the routes of one pool; `groups` are the groups the routes declare. The
 * users' deletion is added to `cleanUps` before any user is created (for a signal's handler).
 */
export async function poolCallers(pool: CallerPool, groups: readonly string[], cleanUps: Array<() => Promise<void>> = []): Promise<PoolCallers> {
  const callers: Caller[] = [
    NO_TOKEN_CALLER,
    { name: 'malformed', phrase: 'with a malformed token', kind: 'malformed', token: 'not.a-jwt', groups: [] },
  ];
  const skipped: string[] = [];
  const { userClientId } = pool;
  if (userClientId) {
    const expired = pool.expiredToken(userClientId, usernameFor('expired'));
    if ('token' in expired) {
      callers.push({ name: 'expired', phrase: 'with an expired token', kind: 'expired', token: expired.token, groups: [] });
    } else {
      skipped.push(`${pool.logicalId}: ${expired.skipped}`);
    }
  } else {
    skipped.push(`${pool.logicalId}: no app client without a secret: no expired or user tokens`);
  }
  const usernames = ['user', ...groups].map(usernameFor);
  const cleanUp = async () => {
    for (const username of usernames) await pool.deleteUser(username);
  };
  cleanUps.push(cleanUp);
  await cleanUp();
  if (userClientId) {
    const user = await signedIn(pool, userClientId, usernameFor('user'), []);
    callers.push({ name: 'user id', phrase: 'with a signed-in user\'s ID token (no groups)', kind: 'idToken', token: user.IdToken, groups: [] });
    callers.push({ name: 'user access', phrase: 'with a signed-in user\'s access token (no groups)', kind: 'accessToken', token: user.AccessToken, groups: [] });
    for (const group of groups) {
      const member = await signedIn(pool, userClientId, usernameFor(group), [group]);
      callers.push({ name: group, phrase: `with the access token of a member of ${group}`, kind: 'accessToken', token: member.AccessToken, groups: [group] });
    }
  }
  for (const client of pool.machineClients) {
    if (!pool.oauthUrl) {
      skipped.push(`machine client ${client.name}: the pool has no domain, so no /oauth2/token`);
      continue;
    }
    const token = await clientCredentialsToken(pool.oauthUrl, client.clientId, client.clientSecret);
    callers.push({ name: `m2m ${client.name}`, phrase: `with machine client ${client.name}'s access token`, kind: 'machine', token, groups: [], machineClient: client.name });
  }
  return { callers, skipped, cleanUp };
}

/** A new user in `groups`, signed in with USER_PASSWORD_AUTH, or ADMIN_USER_PASSWORD_AUTH when the client refuses the first. */
async function signedIn(pool: CallerPool, clientId: string, username: string, groups: readonly string[]): Promise<UserTokens> {
  await pool.createUser(username, pool.password, groups);
  const direct = await pool.signIn('USER_PASSWORD_AUTH', clientId, username, pool.password);
  if (typeof direct !== 'string') return direct;
  const admin = await pool.signIn('ADMIN_USER_PASSWORD_AUTH', clientId, username, pool.password);
  if (typeof admin !== 'string') return admin;
  throw new Error(`signing in ${username} with app client ${clientId} of ${pool.logicalId} failed (USER_PASSWORD_AUTH: ${direct}; `
    + `ADMIN_USER_PASSWORD_AUTH: ${admin}): allow ALLOW_USER_PASSWORD_AUTH or ALLOW_ADMIN_USER_PASSWORD_AUTH in the client's ExplicitAuthFlows`);
}

/** The client-credentials grant at the pool domain's token endpoint (`scopes`: a narrower `scope`). */
export async function clientCredentialsToken(oauthUrl: string, clientId: string, secret: string, scopes: readonly string[] = []): Promise<string> {
  const response = await fetch(`${oauthUrl.replace(/\/$/, '')}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'authorization': `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...scopes.length ? { scope: scopes.join(' ') } : {} }),
  });
  const text = await response.text();
  let answer: { access_token?: string; error?: string } = {};
  try {
    answer = JSON.parse(text);
  } catch {
    // not JSON: reported below
  }
  if (!answer.access_token) throw new Error(`client credentials for ${clientId}: ${oauthUrl}/oauth2/token answered ${response.status} ${answer.error ?? text.slice(0, 200)}`);
  return answer.access_token;
}
