import { Duration, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { SIGN_IN_CLIENT_PROPS, SIGN_IN_POOL_PROPS } from '../sign-in/sign-in-validation';
import { checkNumber, checkString, LIMITS } from '../validation/cfn-limits';
import { ACCESS_AND_ID_TOKEN_VALIDITY_MAX, ACCESS_AND_ID_TOKEN_VALIDITY_MIN, fail, OWNER, rejectUnused, validateDuration, validateWhole } from '../validation/check-helpers';

/* Checks of the user pool and user client props: what is created, redirect URLs, token validities, password policy. */

export const NEW_POOL_PROPS = ['userPoolName', 'selfSignUpEnabled', 'signInAliases', 'passwordPolicy', 'mfa', 'email', 'featurePlan', 'removalPolicy', 'deletionProtection', 'preTokenGeneration'];

export const NEW_CLIENT_PROPS = ['userPoolClientName', 'accessTokenValidity', 'idTokenValidity', 'refreshTokenValidity', 'callbackUrls', 'logoutUrls'];

export function validatePoolAndClients(props: CognitoProtectedHttpApiProps): void {
  if (props.userPool) {
    rejectUnused(props, [...NEW_POOL_PROPS, ...SIGN_IN_POOL_PROPS], 'userPool', 'an existing pool was given', 'remove userPool to create a new pool');
  }
  if (props.userPoolClients) {
    if (!props.userPool) {
      fail('userPoolClients', 'existing clients can only be brought in together with their pool; also pass userPool, or remove userPoolClients to create a client.');
    }
    if (props.userPoolClients.length === 0) {
      fail('userPoolClients', 'is empty; give at least one client, or leave it out to create one.');
    }
    rejectUnused(props, [...NEW_CLIENT_PROPS, ...SIGN_IN_CLIENT_PROPS], 'userPoolClients', 'existing clients were given', 'remove userPoolClients to create a client');
  }
  if (props.logoutUrls && props.callbackUrls === undefined) {
    fail('logoutUrls', 'needs callbackUrls (logout URLs belong to the OAuth code flow); add callbackUrls or remove logoutUrls.');
  }
  if (props.callbackUrls?.length === 0) {
    fail('callbackUrls', 'is empty; give at least one URL, or leave it out for no OAuth flow.');
  }
  for (const prop of ['callbackUrls', 'logoutUrls'] as const) {
    checkNumber(OWNER, `${prop}.length`, props[prop]?.length, LIMITS.redirectUrls);
    (props[prop] ?? []).forEach((url, index) => {
      checkString(OWNER, `${prop}[${index}]`, url, LIMITS.redirectUrl);
      validateRedirectUrl(`${prop}[${index}]`, url);
    });
  }
  checkString(OWNER, 'userPoolName', props.userPoolName, LIMITS.userPoolName);
  checkString(OWNER, 'userPoolClientName', props.userPoolClientName, LIMITS.userPoolClientName);
}

function validateRedirectUrl(prop: string, url: string): void {
  if (Token.isUnresolved(url)) {
    return;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(prop, `"${url}" is not an absolute URL; write it like "https://app.example.com/callback".`);
  }
  const localhost = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && localhost)) {
    fail(prop, `"${url}" must use https (http is only allowed for localhost).`);
  }
  if (parsed.hash) {
    fail(prop, `"${url}" must not contain a fragment (#...).`);
  }
}

export function validateTokenValidities(props: CognitoProtectedHttpApiProps): void {
  validateDuration('accessTokenValidity', props.accessTokenValidity, ACCESS_AND_ID_TOKEN_VALIDITY_MIN, ACCESS_AND_ID_TOKEN_VALIDITY_MAX);
  validateDuration('idTokenValidity', props.idTokenValidity, ACCESS_AND_ID_TOKEN_VALIDITY_MIN, ACCESS_AND_ID_TOKEN_VALIDITY_MAX);
  validateDuration('refreshTokenValidity', props.refreshTokenValidity, Duration.minutes(60), Duration.days(3650));
  for (const name of ['accessTokenValidity', 'idTokenValidity', 'refreshTokenValidity'] as const) {
    validateWhole(name, props[name], 'minutes');
  }
  const refresh = props.refreshTokenValidity ?? Duration.days(30);
  if (Token.isUnresolved(refresh.toSeconds())) {
    return;
  }
  for (const name of ['accessTokenValidity', 'idTokenValidity'] as const) {
    const value = props[name];
    if (value && !Token.isUnresolved(value.toSeconds()) && value.toSeconds() > refresh.toSeconds()) {
      fail(name, `is ${value.toHumanString()}, longer than refreshTokenValidity (${refresh.toHumanString()}); make it shorter or the refresh token longer.`);
    }
  }
}

export function validatePasswordPolicy(policy: cognito.PasswordPolicy | undefined): void {
  const minLength = policy?.minLength;
  if (minLength !== undefined && !Token.isUnresolved(minLength) && (!Number.isInteger(minLength) || minLength < 6 || minLength > 99)) {
    fail('passwordPolicy.minLength', `is ${minLength}; Cognito accepts whole numbers from 6 to 99 (8 or more recommended).`);
  }
  validateDuration('passwordPolicy.tempPasswordValidity', policy?.tempPasswordValidity, Duration.days(1), Duration.days(365));
  validateWhole('passwordPolicy.tempPasswordValidity', policy?.tempPasswordValidity, 'days');
  checkNumber(OWNER, 'passwordPolicy.passwordHistorySize', policy?.passwordHistorySize, LIMITS.passwordHistorySize);
}
