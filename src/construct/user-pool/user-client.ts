import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { createIdentityProviders, dependOnProviders, supportedProviders } from '../sign-in/identity-providers';

/**
 * The public app client users sign in with: no secret, SRP and user-password auth, no
 * user-existence leaks; with `callbackUrls`, the OAuth code flow with the given scopes too, for the
 * pool's users and every federated provider; with `signInMethods`, choice-based sign-in.
 */
export function createUserClient(
  scope: Construct,
  userPool: cognito.IUserPool,
  props: CognitoProtectedHttpApiProps,
  apiScopes: cognito.OAuthScope[],
): cognito.UserPoolClient {
  const oauth = props.callbackUrls !== undefined;
  const providers = createIdentityProviders(scope, userPool, props.signInProviders ?? []);
  const client = new cognito.UserPoolClient(scope, 'UserPoolClient', {
    userPool,
    userPoolClientName: props.userPoolClientName,
    generateSecret: false,
    authFlows: { userSrp: true, userPassword: true, user: props.signInMethods ? true : undefined },
    disableOAuth: !oauth,
    oAuth: oauth ? {
      flows: { authorizationCodeGrant: true },
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE, ...apiScopes],
      callbackUrls: props.callbackUrls,
      logoutUrls: props.logoutUrls,
    } : undefined,
    supportedIdentityProviders: oauth ? supportedProviders(props.signInProviders ?? []) : undefined,
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: props.accessTokenValidity ?? Duration.hours(1),
    idTokenValidity: props.idTokenValidity ?? Duration.hours(1),
    refreshTokenValidity: props.refreshTokenValidity ?? Duration.days(30),
    refreshTokenRotationGracePeriod: props.refreshTokenRotationGracePeriod,
    readAttributes: props.clientReadAttributes,
    writeAttributes: props.clientWriteAttributes,
  });
  dependOnProviders(client, providers);
  return client;
}
