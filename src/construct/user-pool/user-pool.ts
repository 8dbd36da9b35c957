import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { SignInMethod } from '../sign-in/sign-in-method';
import { allows, passkeyRelyingPartyId, signInPolicy } from '../sign-in/sign-in-policy';
import { addThreatProtection } from '../sign-in/threat-protection';

/** The user pool the construct creates: secure defaults, users kept whatever happens to the stack. */
export function createUserPool(scope: Construct, props: CognitoProtectedHttpApiProps): cognito.UserPool {
  const signInAliases = props.signInAliases ?? { email: true };
  const mfa = props.mfa ?? cognito.Mfa.OPTIONAL;
  const pool = new cognito.UserPool(scope, 'UserPool', {
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
    // Sign-in: first factors, passkeys, threat protection, custom attributes (all off unless given).
    signInPolicy: signInPolicy(scope, props),
    passkeyRelyingPartyId: passkeyRelyingPartyId(scope, props),
    passkeyUserVerification: props.passkeyUserVerification,
    enableSmsRole: allows(props, SignInMethod.SMS_OTP) ? true : undefined,
    standardThreatProtectionMode: props.standardThreatProtectionMode,
    customThreatProtectionMode: props.customThreatProtectionMode,
    customAttributes: props.customAttributes,
  });
  addThreatProtection(scope, pool, props);
  return pool;
}
