import { createHmac } from 'crypto';
import { LocalClient, LocalPool, LocalTokens, LocalUser } from './types';
import { CognitoClient, CognitoError } from '../cognito/client';

/**
 * A user a test created: signs in with the pool's user client (USER_PASSWORD_AUTH, else
 * ADMIN_USER_PASSWORD_AUTH), keeps the tokens until a minute before they expire, deletes itself.
 */

/** Cognito's SECRET_HASH: Base64(HMAC-SHA256(client secret, username + client id)). */
export function secretHash(client: LocalClient, username: string): Record<string, string> {
  if (!client.clientSecret) return {};
  return { SECRET_HASH: createHmac('sha256', client.clientSecret).update(username + client.clientId).digest('base64') };
}

/** The client users sign in with: the first without a secret, else the first. */
export function userClient(pool: LocalPool): LocalClient {
  const client = pool.clients.find((candidate) => !candidate.clientSecret) ?? pool.clients[0];
  if (!client) throw new Error(`user pool ${pool.logicalId} (${pool.stack}) has no app client to sign in with: add one (the construct's userPoolClient)`);
  return client;
}

const flowNotEnabled = (error: unknown) => error instanceof CognitoError && error.code === 'InvalidParameterException' && /not enabled/.test(error.detail);

const expiresAt = (token: string): number => {
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf-8') || '{}');
  return typeof exp === 'number' ? exp * 1000 : 0;
};

export class TestUser implements LocalUser {
  private tokens?: LocalTokens;
  /** When the cached tokens are given up: a minute before the access token expires. */
  private renewAt = 0;
  private deleted = false;

  constructor(
    readonly pool: LocalPool,
    readonly username: string,
    readonly email: string,
    readonly password: string,
    private readonly cognito: CognitoClient,
    private readonly onDelete: (user: TestUser) => void,
  ) {}

  async signIn(): Promise<LocalTokens> {
    if (this.tokens && this.renewAt > Date.now()) return this.tokens;
    const client = userClient(this.pool);
    const AuthParameters = { USERNAME: this.username, PASSWORD: this.password, ...secretHash(client, this.username) };
    let result;
    try {
      result = await this.cognito.call('InitiateAuth', { ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters });
    } catch (error) {
      if (!flowNotEnabled(error)) throw new Error(`signing in ${this.username}: ${(error as Error).message}`);
      try {
        result = await this.cognito.call('AdminInitiateAuth', {
          UserPoolId: this.pool.userPoolId, ClientId: client.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters,
        });
      } catch (adminError) {
        if (!flowNotEnabled(adminError)) throw new Error(`signing in ${this.username}: ${(adminError as Error).message}`);
        throw new Error(`signing in ${this.username}: app client ${client.name ?? client.logicalId} allows neither USER_PASSWORD_AUTH nor ` +
          'ADMIN_USER_PASSWORD_AUTH; allow one on it (authFlows: { userPassword: true } or { adminUserPassword: true })');
      }
    }
    if (!result.AuthenticationResult) {
      throw new Error(`signing in ${this.username}: Cognito answered the challenge ${result.ChallengeName} (signIn() handles password sign-in without MFA)`);
    }
    const { IdToken, AccessToken, RefreshToken } = result.AuthenticationResult;
    this.tokens = { idToken: IdToken, accessToken: AccessToken, refreshToken: RefreshToken };
    this.renewAt = expiresAt(AccessToken) - 60_000;
    return this.tokens;
  }

  async delete(): Promise<void> {
    if (this.deleted) return;
    this.deleted = true;
    this.onDelete(this);
    try {
      await this.cognito.call('AdminDeleteUser', { UserPoolId: this.pool.userPoolId, Username: this.username });
    } catch (error) {
      if (!(error instanceof CognitoError && error.code === 'UserNotFoundException')) throw error;
    }
  }
}
