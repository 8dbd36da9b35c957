import { randomBytes } from 'crypto';
import {
  AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminDeleteUserCommand, AdminInitiateAuthCommand, AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient, CognitoIdentityProviderServiceException, DescribeUserPoolClientCommand, DescribeUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CallerPool, UserTokens } from './callers';
import { DeployedPool } from './deployed-stack';
import { mapUrl, UrlMapping } from '../../url-map';

/**
 * A deployed user pool as `check-access --region` uses it: Cognito's admin calls with the caller's
 * AWS credentials. The users' password is random and fits the pool's password policy; the machine
 * clients' secrets are read with DescribeUserPoolClient. No expired token: only Cognito holds the
 * pool's signing key.
 */

/** Why a deployed stack gets no `expired` caller. */
export const NO_EXPIRED_TOKEN = 'no expired token on a deployed stack (only Cognito holds the pool\'s signing key, and its tokens live at least 5 minutes): '
  + 'the expired caller is not called; the malformed caller is';

/** A password of at least the policy's minimum length, with an upper-case letter, a lower-case letter, a digit and a symbol. */
export function passwordFor(minimumLength = 8): string {
  return `Aa1-${randomBytes(Math.max(minimumLength, 48)).toString('base64url')}`;
}

export async function deployedCallerPool(
  cognito: CognitoIdentityProviderClient, pool: DeployedPool, urlMappings: readonly UrlMapping[] = [],
): Promise<CallerPool> {
  const UserPoolId = pool.userPoolId;
  const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId }));
  const machineClients = [];
  for (const client of pool.clients.filter((candidate) => candidate.generateSecret)) {
    const { UserPoolClient } = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: client.clientId }));
    if (!UserPoolClient?.ClientSecret) continue;
    const name = UserPoolClient.ClientName ?? client.logicalId;
    machineClients.push({ name, clientId: client.clientId, clientSecret: UserPoolClient.ClientSecret });
  }
  const refusal = (error: unknown): string => {
    if (error instanceof CognitoIdentityProviderServiceException) return `${error.name}: ${error.message}`;
    throw error;
  };
  return {
    logicalId: pool.logicalId,
    userClientId: pool.clients.find((client) => !client.generateSecret)?.clientId,
    machineClients,
    oauthUrl: pool.oauthUrl && mapUrl(pool.oauthUrl, urlMappings),
    password: passwordFor(UserPool?.Policies?.PasswordPolicy?.MinimumLength),
    expiredToken: () => ({ skipped: NO_EXPIRED_TOKEN }),
    async createUser(Username, Password, groups) {
      await cognito.send(new AdminCreateUserCommand({
        UserPoolId,
        Username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: Username }, { Name: 'email_verified', Value: 'true' }],
      }));
      await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password, Permanent: true }));
      for (const GroupName of groups) await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }));
    },
    async deleteUser(Username) {
      try {
        await cognito.send(new AdminDeleteUserCommand({ UserPoolId, Username }));
      } catch (error) {
        if ((error as Error).name !== 'UserNotFoundException') throw error;
      }
    },
    async signIn(flow, ClientId, USERNAME, PASSWORD): Promise<UserTokens | string> {
      const AuthParameters = { USERNAME, PASSWORD };
      try {
        const { AuthenticationResult } = flow === 'USER_PASSWORD_AUTH'
          ? await cognito.send(new InitiateAuthCommand({ ClientId, AuthFlow: flow, AuthParameters }))
          : await cognito.send(new AdminInitiateAuthCommand({ UserPoolId, ClientId, AuthFlow: flow, AuthParameters }));
        if (!AuthenticationResult?.IdToken || !AuthenticationResult.AccessToken) return `Cognito answered with a challenge (${flow === 'USER_PASSWORD_AUTH' ? 'InitiateAuth' : 'AdminInitiateAuth'}), not tokens: does the pool require MFA?`;
        return { IdToken: AuthenticationResult.IdToken, AccessToken: AuthenticationResult.AccessToken };
      } catch (error) {
        return refusal(error);
      }
    },
  };
}
