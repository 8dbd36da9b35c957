import { spawnSync } from 'child_process';
import { randomUUID } from 'crypto';
import { CallerPool, SignInFlow, UserTokens } from './callers';
import { CognitoClient, CognitoError } from '../../cognito/client';
import { findMotoPrivateKey } from '../../cognito/tokens';
import { createConfirmedUser } from '../../cognito/users';
import { LocalUserPool } from '../runner';

/** The local runner's user pool as `check-access` uses it: Cognito's calls go to the runner's Cognito endpoint. */

const PASSWORD = 'Check-Access-Passw0rd!';

export function localCallerPool(cognito: CognitoClient, pool: LocalUserPool, python: string): CallerPool {
  const userPoolId = pool.userPoolId;
  return {
    logicalId: pool.logicalId,
    userClientId: pool.clients.find((client) => !client.clientSecret)?.clientId,
    machineClients: pool.clients.flatMap((client) => client.clientSecret
      ? [{ name: client.name ?? client.logicalId, clientId: client.clientId, clientSecret: client.clientSecret }] : []),
    oauthUrl: pool.oauth?.url,
    password: PASSWORD,
    expiredToken: (clientId, username) => ({ token: expiredToken(pool, clientId, username, python) }),
    async createUser(username, password, groups) {
      await createConfirmedUser(cognito, { userPoolId, username, password, attributes: { email: username }, groups });
    },
    async deleteUser(username) {
      try {
        await cognito.call('AdminDeleteUser', { UserPoolId: userPoolId, Username: username });
      } catch (error) {
        if (!(error instanceof CognitoError && error.code === 'UserNotFoundException')) throw error;
      }
    },
    async signIn(flow: SignInFlow, clientId, username, password): Promise<UserTokens | string> {
      const AuthParameters = { USERNAME: username, PASSWORD: password };
      try {
        const answer = flow === 'USER_PASSWORD_AUTH'
          ? await cognito.call('InitiateAuth', { ClientId: clientId, AuthFlow: flow, AuthParameters })
          : await cognito.call('AdminInitiateAuth', { UserPoolId: userPoolId, ClientId: clientId, AuthFlow: flow, AuthParameters });
        return answer.AuthenticationResult;
      } catch (error) {
        if (error instanceof CognitoError) return error.message;
        throw error;
      }
    },
  };
}

/**
 * An access token of the pool's user client that expired an hour ago, signed with moto's key (which
 * stays in every pool's key set): only its `exp` makes it invalid. moto's key file holds `n`, `e`
 * and `d` only (no CRT parameters, which Node's crypto requires), so moto's own JOSE library signs it.
 */
function expiredToken(pool: LocalUserPool, clientId: string, username: string, python: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: randomUUID(),
    iss: pool.issuer,
    client_id: clientId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    username,
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
