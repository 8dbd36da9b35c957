import { SecretValue } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** What every federated provider takes besides its credentials. */
export interface FederatedSignInOptions {
  /**
   * The scopes asked of the provider.
   *
   * @default - Google `openid email profile`, Apple `email name`, Facebook `public_profile email`, Amazon `profile`, OIDC `openid email`
   */
  readonly scopes?: string[];

  /**
   * How the provider's attributes become the user's (Cognito copies them at every sign-in).
   *
   * @default - the provider's email (and `email_verified` where it has one) into `email`
   */
  readonly attributeMapping?: cognito.AttributeMapping;
}

/** Options of `SignInProvider.google()`. */
export interface GoogleSignInOptions extends FederatedSignInOptions {
  /** The OAuth client id of your Google Cloud project. */
  readonly clientId: string;
  /** The OAuth client secret: `SecretValue.secretsManager(...)` (or `secret.secretValue`): CloudFormation resolves only Secrets Manager references in identity provider details, so `ssmSecure`, parameters and plain text are refused. */
  readonly clientSecret: SecretValue;
}

/** Options of `SignInProvider.apple()`. */
export interface AppleSignInOptions extends FederatedSignInOptions {
  /** The services id (client id) of your Apple app. */
  readonly clientId: string;
  /** Your Apple developer team id. */
  readonly teamId: string;
  /** The id of the Sign in with Apple private key. */
  readonly keyId: string;
  /** The private key (`.p8` content), `SecretValue.secretsManager(...)` (or `secret.secretValue`): CloudFormation resolves only Secrets Manager references in identity provider details, so `ssmSecure`, parameters and plain text are refused. */
  readonly privateKey: SecretValue;
}

/** Options of `SignInProvider.facebook()`. */
export interface FacebookSignInOptions extends FederatedSignInOptions {
  /** The Facebook app id. */
  readonly clientId: string;
  /** The Facebook app secret, `SecretValue.secretsManager(...)` (or `secret.secretValue`): CloudFormation resolves only Secrets Manager references in identity provider details, so `ssmSecure`, parameters and plain text are refused. */
  readonly clientSecret: SecretValue;
  /**
   * The Graph API version, e.g. `v17.0`.
   *
   * @default - Cognito's default version
   */
  readonly apiVersion?: string;
}

/** Options of `SignInProvider.amazon()`. */
export interface AmazonSignInOptions extends FederatedSignInOptions {
  /** The Login with Amazon client id. */
  readonly clientId: string;
  /** The Login with Amazon client secret, `SecretValue.secretsManager(...)` (or `secret.secretValue`): CloudFormation resolves only Secrets Manager references in identity provider details, so `ssmSecure`, parameters and plain text are refused. */
  readonly clientSecret: SecretValue;
}

/** Options of `SignInProvider.oidc()`. */
export interface OidcSignInOptions extends FederatedSignInOptions {
  /** The provider's name in the pool and in the hosted sign-in (3 to 32 characters, no spaces or `_` at the ends), e.g. `Okta`. */
  readonly name: string;
  /** The client id the provider issued. */
  readonly clientId: string;
  /** The client secret, `SecretValue.secretsManager(...)` (or `secret.secretValue`): CloudFormation resolves only Secrets Manager references in identity provider details, so `ssmSecure`, parameters and plain text are refused. */
  readonly clientSecret: SecretValue;
  /** The issuer URL (https); Cognito reads `<issuer>/.well-known/openid-configuration`. */
  readonly issuerUrl: string;
}

/** Options of `SignInProvider.saml()`. */
export interface SamlSignInOptions {
  /** The provider's name in the pool and in the hosted sign-in (3 to 32 characters, no spaces or `_` at the ends), e.g. `Entra`. */
  readonly name: string;
  /** The identity provider's metadata: `UserPoolIdentityProviderSamlMetadata.url(...)` or `.file(...)`. */
  readonly metadata: cognito.UserPoolIdentityProviderSamlMetadata;
  /**
   * How the SAML assertion's attributes become the user's.
   *
   * @default - none: map at least the email, e.g. `{ email: ProviderAttribute.other('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress') }`
   */
  readonly attributeMapping?: cognito.AttributeMapping;
  /**
   * Whether signing out of Cognito signs the user out of the identity provider too.
   *
   * @default false
   */
  readonly idpSignout?: boolean;
}

/** The kinds of federated sign-in. */
export enum SignInProviderType {
  /** Sign in with Google. */
  GOOGLE = 'Google',
  /** Sign in with Apple. */
  APPLE = 'SignInWithApple',
  /** Facebook Login. */
  FACEBOOK = 'Facebook',
  /** Login with Amazon. */
  AMAZON = 'LoginWithAmazon',
  /** Any OpenID Connect provider. */
  OIDC = 'OIDC',
  /** Any SAML 2.0 identity provider. */
  SAML = 'SAML',
}

/**
 * A federated identity provider of the construct's user pool ("Sign in with Google"). The user
 * client lists it and depends on it; users sign in through the hosted sign-in (`callbackUrls`).
 */
export class SignInProvider {
  /** Sign in with Google. */
  public static google(options: GoogleSignInOptions): SignInProvider {
    const secrets = { clientSecret: options.clientSecret };
    return new SignInProvider(SignInProviderType.GOOGLE, 'Google', { clientId: options.clientId }, secrets, options.scopes, (s, id, userPool) =>
      new cognito.UserPoolIdentityProviderGoogle(s, id, {
        userPool,
        clientId: options.clientId,
        clientSecretValue: options.clientSecret,
        scopes: options.scopes ?? ['openid', 'email', 'profile'],
        attributeMapping: options.attributeMapping ?? {
          email: cognito.ProviderAttribute.GOOGLE_EMAIL,
          emailVerified: cognito.ProviderAttribute.GOOGLE_EMAIL_VERIFIED,
        },
      }));
  }

  /** Sign in with Apple. */
  public static apple(options: AppleSignInOptions): SignInProvider {
    const strings = { clientId: options.clientId, teamId: options.teamId, keyId: options.keyId };
    return new SignInProvider(SignInProviderType.APPLE, 'SignInWithApple', strings, { privateKey: options.privateKey }, options.scopes, (s, id, userPool) =>
      new cognito.UserPoolIdentityProviderApple(s, id, {
        userPool,
        ...strings,
        privateKeyValue: options.privateKey,
        scopes: options.scopes ?? ['email', 'name'],
        attributeMapping: options.attributeMapping ?? {
          email: cognito.ProviderAttribute.APPLE_EMAIL,
          emailVerified: cognito.ProviderAttribute.APPLE_EMAIL_VERIFIED,
        },
      }));
  }

  /** Facebook Login. */
  public static facebook(options: FacebookSignInOptions): SignInProvider {
    const secrets = { clientSecret: options.clientSecret };
    return new SignInProvider(SignInProviderType.FACEBOOK, 'Facebook', { clientId: options.clientId }, secrets, options.scopes, (s, id, userPool) =>
      new cognito.UserPoolIdentityProviderFacebook(s, id, {
        userPool,
        clientId: options.clientId,
        clientSecret: options.clientSecret.unsafeUnwrap(), // a dynamic reference, resolved by CloudFormation
        apiVersion: options.apiVersion,
        scopes: options.scopes ?? ['public_profile', 'email'],
        attributeMapping: options.attributeMapping ?? { email: cognito.ProviderAttribute.FACEBOOK_EMAIL },
      }));
  }

  /** Login with Amazon. */
  public static amazon(options: AmazonSignInOptions): SignInProvider {
    const secrets = { clientSecret: options.clientSecret };
    return new SignInProvider(SignInProviderType.AMAZON, 'LoginWithAmazon', { clientId: options.clientId }, secrets, options.scopes, (s, id, userPool) =>
      new cognito.UserPoolIdentityProviderAmazon(s, id, {
        userPool,
        clientId: options.clientId,
        clientSecret: options.clientSecret.unsafeUnwrap(), // a dynamic reference, resolved by CloudFormation
        scopes: options.scopes ?? ['profile'],
        attributeMapping: options.attributeMapping ?? { email: cognito.ProviderAttribute.AMAZON_EMAIL },
      }));
  }

  /** Any OpenID Connect provider (Okta, Auth0, Entra ID, ...). */
  public static oidc(options: OidcSignInOptions): SignInProvider {
    const strings = { clientId: options.clientId, issuerUrl: options.issuerUrl };
    const secrets = { clientSecret: options.clientSecret };
    return new SignInProvider(SignInProviderType.OIDC, options.name, strings, secrets, options.scopes, (s, id, userPool) =>
      new cognito.UserPoolIdentityProviderOidc(s, id, {
        userPool,
        name: options.name,
        ...strings,
        clientSecret: options.clientSecret.unsafeUnwrap(), // a dynamic reference, resolved by CloudFormation
        scopes: options.scopes ?? ['openid', 'email'],
        attributeMapping: options.attributeMapping ?? {
          email: cognito.ProviderAttribute.other('email'),
          emailVerified: cognito.ProviderAttribute.other('email_verified'),
        },
      }));
  }

  /** Any SAML 2.0 identity provider, by its metadata URL or document. */
  public static saml(options: SamlSignInOptions): SignInProvider {
    return new SignInProvider(SignInProviderType.SAML, options.name, {}, {}, undefined, (s, id, userPool) =>
      new cognito.UserPoolIdentityProviderSaml(s, id, {
        userPool,
        name: options.name,
        metadata: options.metadata,
        attributeMapping: options.attributeMapping,
        idpSignout: options.idpSignout,
      }));
  }

  /**
   * @param providerType the kind of provider
   * @param providerName the name the user client lists (`Google`, or the name given to OIDC and SAML providers)
   */
  private constructor(
    public readonly providerType: SignInProviderType,
    public readonly providerName: string,
    /** @internal */ public readonly _strings: Record<string, string>,
    /** @internal */ public readonly _secrets: Record<string, SecretValue>,
    /** @internal */ public readonly _scopes: string[] | undefined,
    /** @internal */
    public readonly _create: (scope: Construct, id: string, userPool: cognito.IUserPool) => cognito.IUserPoolIdentityProvider,
  ) {}
}
