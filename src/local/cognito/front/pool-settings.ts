import { CognitoError } from '../client';
import { FrontCall, MotoAnswer, ok, Operation, passOn } from './call';
import { PoolMfaSettings } from './state';

/**
 * What an app reads back about its pool, as Cognito answers it, from moto's answers decorated with
 * what the runner knows and moto does not keep: DescribeUserPool names the pool's domain (`Domain`,
 * a prefix, or `CustomDomain`) and its `LambdaConfig`; DescribeUserPoolDomain describes the
 * template's domain; GetUserPoolMfaConfig answers the passkeys' `WebAuthnConfiguration` (the
 * template's `WebAuthnRelyingPartyID` and `WebAuthnUserVerification`) and the MFA factors of the
 * template's `EnabledMfas`; SetUserPoolMfaConfig changes them (what it leaves out stays as it was,
 * *unconfirmed*), and the passkey operations (passkeys.ts) follow it from then on. UpdateUserPool keeps
 * what cannot change after CreateUserPool.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPoolDomain.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserPoolMfaConfig.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html
 */

/** The passkeys' relying party (none: the template names none) and user verification. */
export interface WebAuthnSettings {
  readonly relyingPartyId?: string;
  readonly userVerification: string;
}

/** The pool's passkey settings now: as SetUserPoolMfaConfig last set them, else the template's. */
export function webAuthnOf(call: FrontCall): WebAuthnSettings {
  const set = call.services.state.mfaConfigs.get(call.pool.userPoolId)?.webAuthn;
  return set ?? { relyingPartyId: call.pool.signIn.relyingPartyId, userVerification: call.pool.signIn.userVerification };
}

/**
 * The pool's first factors (`Policies.SignInPolicy.AllowedFirstAuthFactors`, default `PASSWORD`), as
 * moto keeps them from CreateUserPool (the template's, or the API's) and the last UpdateUserPool.
 */
export async function firstFactorsOf(call: FrontCall): Promise<readonly string[]> {
  const factors = (await call.describePool()).Policies?.SignInPolicy?.AllowedFirstAuthFactors;
  return Array.isArray(factors) ? factors : ['PASSWORD'];
}

const USER_VERIFICATION = ['required', 'preferred'];

const motoJson = (answer: MotoAnswer): Record<string, any> | undefined => {
  if (answer.status !== 200) return undefined;
  try {
    return JSON.parse(answer.text);
  } catch {
    return undefined;
  }
};

const present = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));

/** GetUserPoolMfaConfig's answer: moto's `MfaConfiguration`, the factors (a template's until set), the passkeys' settings. */
function mfaConfig(call: FrontCall, moto: Record<string, any>): Record<string, unknown> {
  const set = call.services.state.mfaConfigs.get(call.pool.userPoolId);
  const factors = set || !call.pool.mfa ? present({
    SmsMfaConfiguration: moto.SmsMfaConfiguration,
    SoftwareTokenMfaConfiguration: moto.SoftwareTokenMfaConfiguration,
    EmailMfaConfiguration: set?.email,
  }) : call.pool.mfa;
  const { relyingPartyId, userVerification } = webAuthnOf(call);
  return {
    MfaConfiguration: moto.MfaConfiguration,
    ...factors,
    WebAuthnConfiguration: { ...relyingPartyId ? { RelyingPartyId: relyingPartyId } : {}, UserVerification: userVerification },
  };
}

const describeUserPool: Operation = async (call) => {
  const answer = await call.forward();
  const pool = motoJson(answer)?.UserPool;
  if (!pool) return passOn(answer);
  const domain = call.pool.domain;
  return ok({
    UserPool: {
      // Cognito describes a pool without triggers with an empty LambdaConfig.
      LambdaConfig: {},
      ...pool,
      ...domain ? { [domain.custom ? 'CustomDomain' : 'Domain']: domain.name } : {},
    },
  });
};

const describeUserPoolDomain: Operation = async (call) => {
  const { domain, userPoolId } = call.pool;
  if (!domain || call.body.Domain !== domain.name) return passOn(await call.forward());
  const pool = await call.describePool();
  return ok({
    DomainDescription: {
      UserPoolId: userPoolId,
      // The pool's ARN's account, as the emulator names it.
      AWSAccountId: String(pool?.Arn ?? '').split(':')[4],
      Domain: domain.name,
      // What `Fn::GetAtt <domain>.CloudFrontDistribution` resolves to here (provisioner.ts).
      CloudFrontDistribution: 'local.invalid',
      Status: 'ACTIVE',
      ...domain.custom ? { CustomDomainConfig: present({ CertificateArn: domain.certificateArn }) } : {},
      ManagedLoginVersion: domain.managedLoginVersion ?? 1,
    },
  });
};

const getUserPoolMfaConfig: Operation = async (call) => {
  const answer = await call.forward();
  const moto = motoJson(answer);
  return moto ? ok(mfaConfig(call, moto)) : passOn(answer);
};

/** The WebAuthnConfiguration a SetUserPoolMfaConfig asks for (what it leaves out, as it was); InvalidParameterException when invalid. */
function webAuthnSet(call: FrontCall): WebAuthnSettings {
  const current = webAuthnOf(call);
  const asked = call.body.WebAuthnConfiguration;
  if (asked === undefined) return current;
  if (typeof asked !== 'object' || asked === null) throw new CognitoError('InvalidParameterException', 'WebAuthnConfiguration must be an object.');
  const { RelyingPartyId: relyingPartyId = current.relyingPartyId, UserVerification: userVerification = current.userVerification } = asked;
  if (relyingPartyId !== undefined && (typeof relyingPartyId !== 'string' || relyingPartyId.length < 1 || relyingPartyId.length > 127)) {
    throw new CognitoError('InvalidParameterException', '1 validation error detected: Value at \'webAuthnConfiguration.relyingPartyId\' failed to satisfy constraint: Member must have length between 1 and 127');
  }
  if (!USER_VERIFICATION.includes(userVerification)) {
    throw new CognitoError('InvalidParameterException', `1 validation error detected: Value '${userVerification}' at 'webAuthnConfiguration.userVerification' failed to satisfy constraint: Member must satisfy enum value set: [required, preferred]`);
  }
  return { relyingPartyId, userVerification };
}

const setUserPoolMfaConfig: Operation = async (call) => {
  const webAuthn = webAuthnSet(call);
  const current = mfaConfig(call, await call.cognito.call('GetUserPoolMfaConfig', { UserPoolId: call.pool.userPoolId }));
  const { body } = call;
  // moto keeps the SMS and TOTP settings (and runs them); the rest is the front's.
  const answer = await call.forward({
    UserPoolId: call.pool.userPoolId,
    MfaConfiguration: body.MfaConfiguration ?? current.MfaConfiguration,
    ...present({
      SmsMfaConfiguration: body.SmsMfaConfiguration ?? current.SmsMfaConfiguration,
      SoftwareTokenMfaConfiguration: body.SoftwareTokenMfaConfiguration ?? current.SoftwareTokenMfaConfiguration,
    }),
  });
  const moto = motoJson(answer);
  if (!moto) return passOn(answer);
  const email = (body.EmailMfaConfiguration ?? current.EmailMfaConfiguration) as Record<string, unknown> | undefined;
  const settings: PoolMfaSettings = { webAuthn, email };
  call.services.state.mfaConfigs.set(call.pool.userPoolId, settings);
  return ok(mfaConfig(call, moto));
};

/**
 * UpdateUserPool: what it sets, over what cannot change after CreateUserPool (UpdateUserPool takes no
 * `UsernameAttributes`, `AliasAttributes`, `UsernameConfiguration` or `Schema`), which moto would drop with
 * the rest of what the call leaves out.
 */
const updateUserPool: Operation = async (call) => {
  const pool = await call.describePool();
  const kept = present({
    UsernameAttributes: pool.UsernameAttributes, AliasAttributes: pool.AliasAttributes, UsernameConfiguration: pool.UsernameConfiguration,
  });
  return passOn(await call.forward({ ...call.body, ...kept }));
};

export const POOL_SETTINGS_OPERATIONS: Readonly<Record<string, Operation>> = {
  DescribeUserPool: describeUserPool,
  DescribeUserPoolDomain: describeUserPoolDomain,
  GetUserPoolMfaConfig: getUserPoolMfaConfig,
  SetUserPoolMfaConfig: setUserPoolMfaConfig,
  UpdateUserPool: updateUserPool,
};
