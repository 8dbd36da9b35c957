import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApiProps } from './cognito-protected-http-api-props';

/** The user pool the construct creates: secure defaults, users kept whatever happens to the stack. */
export function createUserPool(scope: Construct, props: CognitoProtectedHttpApiProps): cognito.UserPool {
  const signInAliases = props.signInAliases ?? { email: true };
  const mfa = props.mfa ?? cognito.Mfa.OPTIONAL;
  return new cognito.UserPool(scope, 'UserPool', {
    userPoolName: props.userPoolName,
    selfSignUpEnabled: props.selfSignUpEnabled ?? false,
    signInAliases,
    // Case-insensitive, so Alice@example.com and alice@example.com are one user (replacement-only).
    signInCaseSensitive: false,
    autoVerify: { email: signInAliases.email ?? false, phone: signInAliases.phone ?? false },
    passwordPolicy: props.passwordPolicy ?? {
      minLength: 8,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(3),
    },
    mfa,
    mfaSecondFactor: mfa === cognito.Mfa.OFF ? undefined : { otp: true, sms: false },
    email: props.email,
    accountRecovery: signInAliases.email ? cognito.AccountRecovery.EMAIL_ONLY : cognito.AccountRecovery.PHONE_WITHOUT_MFA_AND_EMAIL,
    featurePlan: props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    deletionProtection: props.deletionProtection ?? true,
  });
}

/**
 * The public app client users sign in with: no secret, SRP and user-password auth, no
 * user-existence leaks; with `callbackUrls`, the OAuth code flow with the given scopes too.
 */
export function createUserClient(
  scope: Construct,
  userPool: cognito.IUserPool,
  props: CognitoProtectedHttpApiProps,
  apiScopes: cognito.OAuthScope[],
): cognito.UserPoolClient {
  const oauth = props.callbackUrls !== undefined;
  return new cognito.UserPoolClient(scope, 'UserPoolClient', {
    userPool,
    userPoolClientName: props.userPoolClientName,
    generateSecret: false,
    authFlows: { userSrp: true, userPassword: true },
    disableOAuth: !oauth,
    oAuth: oauth ? {
      flows: { authorizationCodeGrant: true },
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE, ...apiScopes],
      callbackUrls: props.callbackUrls,
      logoutUrls: props.logoutUrls,
    } : undefined,
    supportedIdentityProviders: oauth ? [cognito.UserPoolClientIdentityProvider.COGNITO] : undefined,
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: props.accessTokenValidity ?? Duration.hours(1),
    idTokenValidity: props.idTokenValidity ?? Duration.hours(1),
    refreshTokenValidity: props.refreshTokenValidity ?? Duration.days(30),
  });
}
