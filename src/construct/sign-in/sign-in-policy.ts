import { Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { SignInMethod } from './sign-in-method';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { checkString, LIMITS } from '../validation/cfn-limits';
import { fail, OWNER } from '../validation/check-helpers';

/** Whether the props allow a first factor. */
export function allows(props: CognitoProtectedHttpApiProps, method: SignInMethod): boolean {
  return (props.signInMethods ?? []).includes(method);
}

/** The pool's `signInPolicy`: the allowed first factors, when choice-based sign-in is on. */
export function signInPolicy(scope: Construct, props: CognitoProtectedHttpApiProps): cognito.SignInPolicy | undefined {
  if (!props.signInMethods) {
    return undefined;
  }
  if (allows(props, SignInMethod.EMAIL_OTP) && props.email?._bind(scope).emailSendingAccount !== 'DEVELOPER') {
    fail('signInMethods', 'SignInMethod.EMAIL_OTP needs the pool to send email with Amazon SES; set email: UserPoolEmail.withSES({ fromEmail, ... }) (Cognito\'s own sender cannot send sign-in codes).');
  }
  return {
    allowedFirstAuthFactors: {
      password: true,
      emailOtp: allows(props, SignInMethod.EMAIL_OTP),
      smsOtp: allows(props, SignInMethod.SMS_OTP),
      passkey: allows(props, SignInMethod.PASSKEY),
    },
  };
}

/**
 * The passkeys' relying party: the one given, else the custom sign-in domain, else the prefix
 * domain's host name (`<prefix>.auth.<region>.amazoncognito.com`), held to CloudFormation's 63 characters.
 */
export function passkeyRelyingPartyId(scope: Construct, props: CognitoProtectedHttpApiProps): string | undefined {
  if (!allows(props, SignInMethod.PASSKEY)) {
    return undefined;
  }
  const region = Stack.of(scope).region;
  const fromPrefix = props.domainPrefix && !Token.isUnresolved(props.domainPrefix) ? `${props.domainPrefix}.auth.${region}.amazoncognito.com` : undefined;
  const id = props.passkeyRelyingPartyId ?? props.signInDomainName ?? fromPrefix;
  const max = LIMITS.passkeyRelyingPartyId.maxLength;
  if (id === fromPrefix && id !== undefined && !Token.isUnresolved(id) && id.length > max) {
    fail('passkeyRelyingPartyId', `is the prefix domain's host name "${id}" (${id.length} characters), longer than the ${max} CloudFormation accepts; set passkeyRelyingPartyId (e.g. your app's domain) or a shorter domainPrefix.`);
  }
  checkString(OWNER, 'passkeyRelyingPartyId', id, LIMITS.passkeyRelyingPartyId);
  return id;
}
