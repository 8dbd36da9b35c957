import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ManagedLoginBranding } from './managed-login-branding';
import { SignInMethod } from './sign-in-method';
import { SignInProvider } from './sign-in-provider';

/**
 * How people sign in to the construct's own pool: federation, managed login on your domain,
 * passwordless first factors, threat protection, attributes and refresh-token rotation. None of
 * these props can be combined with an existing `userPool` (they configure the new one).
 */
export interface SignInProps {
  // ------------------------------------------------------------ federation

  /**
   * Federated identity providers ("Sign in with Google", Apple, Facebook, Amazon, any OIDC or SAML
   * provider). The user client lists each one (and `COGNITO`) and depends on it. Needs `callbackUrls`:
   * federated sign-in goes through the hosted sign-in.
   *
   * @default - no federation: users of the pool only
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation.html
   */
  readonly signInProviders?: SignInProvider[];

  // --------------------------------------------------------- managed login

  /**
   * The hosted sign-in pages of the pool domain, when `callbackUrls` turn them on: managed login
   * (version 2, with branding) or the classic hosted UI.
   *
   * @default - ManagedLoginVersion.NEWER_MANAGED_LOGIN with `callbackUrls`; a domain created only for machine clients keeps Cognito's default (classic)
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html
   */
  readonly managedLoginVersion?: cognito.ManagedLoginVersion;

  /**
   * The style of the managed login pages of the user client (`AWS::Cognito::ManagedLoginBranding`).
   * Only with managed login (version 2).
   *
   * @default - ManagedLoginBranding.cognitoDefault() with managed login
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html
   */
  readonly managedLoginBranding?: ManagedLoginBranding;

  /**
   * Your own sign-in domain, e.g. `auth.example.com`, instead of the Cognito prefix domain. Cognito
   * serves it through CloudFront, so its certificate must be in us-east-1; its parent domain
   * (`example.com`) must have a DNS A record. The `TokenUrl` output follows it.
   *
   * @default - the Cognito prefix domain (`domainPrefix`)
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html
   */
  readonly signInDomainName?: string;

  /**
   * The ACM certificate of `signInDomainName`, in **us-east-1**.
   *
   * @default - with `signInHostedZone` in a us-east-1 stack, a new DNS-validated certificate; otherwise required
   */
  readonly signInCertificate?: acm.ICertificate;

  /**
   * The hosted zone of `signInDomainName`: the construct creates the alias record to the domain's
   * CloudFront distribution (and the certificate when the stack is in us-east-1 and none is given).
   *
   * @default - no DNS record is created
   */
  readonly signInHostedZone?: route53.IHostedZone;

  // ------------------------------------------------------ sign-in methods

  /**
   * The first factors users may choose (choice-based sign-in: `InitiateAuth` with `USER_AUTH`); the
   * user client gets `ALLOW_USER_AUTH`. Must include `SignInMethod.PASSWORD`. Needs the ESSENTIALS or
   * PLUS plan; `EMAIL_OTP` needs email through Amazon SES; `SMS_OTP` adds an SNS role (SNS charges per
   * message); `PASSKEY` needs a relying party (the sign-in domain).
   *
   * @default - password sign-in through SRP or USER_PASSWORD_AUTH only (no choice-based sign-in)
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
   */
  readonly signInMethods?: SignInMethod[];

  /**
   * The passkeys' relying party: the domain users see when they create one. With managed login on a
   * custom domain it must be `signInDomainName`; with the prefix domain, its full host name; for apps
   * that only use the API, your app's domain.
   *
   * @default - `signInDomainName`, else `<domainPrefix>.auth.<region>.amazoncognito.com` when `domainPrefix` is given
   */
  readonly passkeyRelyingPartyId?: string;

  /**
   * Whether passkey sign-in must verify the user (PIN, biometrics).
   *
   * @default - Cognito's default, PasskeyUserVerification.PREFERRED
   */
  readonly passkeyUserVerification?: cognito.PasskeyUserVerification;

  // ----------------------------------------------------- threat protection

  /**
   * Threat protection of standard sign-in (compromised credentials, adaptive authentication).
   * Needs `featurePlan: FeaturePlan.PLUS`.
   *
   * @default - none (PLUS without a mode pays for the Plus plan without using it: a warning says so)
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
   */
  readonly standardThreatProtectionMode?: cognito.StandardThreatProtectionMode;

  /**
   * Threat protection of custom-auth sign-in (Lambda challenges). Needs `featurePlan: FeaturePlan.PLUS`.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
   */
  readonly customThreatProtectionMode?: cognito.CustomThreatProtectionMode;

  /**
   * The ARN of an existing regional AWS WAF web ACL to associate with the user pool
   * (`AWS::WAFv2::WebACLAssociation`): it filters requests to Cognito's sign-in endpoints. HTTP APIs
   * cannot take a web ACL (only REST APIs can): the API's protection is the stage throttling
   * (`throttlingRateLimit`, `throttlingBurstLimit`).
   *
   * @default - no web ACL
   */
  readonly userPoolWebAclArn?: string;

  // ------------------------------------------------------------ attributes

  /**
   * Custom attributes of the new pool (`custom:<name>` in tokens): `StringAttribute`,
   * `NumberAttribute`, `BooleanAttribute`, `DateTimeAttribute`, each with its mutability and
   * constraints. Names 1-20 characters. Added attributes can never be removed from the pool.
   *
   * @default - none
   */
  readonly customAttributes?: { [name: string]: cognito.ICustomAttribute };

  /**
   * The attributes the user client may read.
   *
   * @default - all standard and custom attributes
   */
  readonly clientReadAttributes?: cognito.ClientAttributes;

  /**
   * The attributes the user client may write (mutable ones only).
   *
   * @default - all mutable standard and custom attributes
   */
  readonly clientWriteAttributes?: cognito.ClientAttributes;

  // -------------------------------------------------------------- tokens

  /**
   * Turns on refresh-token rotation for the user client: each refresh returns a new refresh token
   * (`GetTokensFromRefreshToken`), and the old one stays valid for this grace period (0 to 60 seconds).
   * The client then has no `ALLOW_REFRESH_TOKEN_AUTH`.
   *
   * @default - no rotation: a refresh token is reused until it expires
   */
  readonly refreshTokenRotationGracePeriod?: Duration;
}
