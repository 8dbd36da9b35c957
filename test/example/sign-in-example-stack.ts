import { Duration, SecretValue, Stack, StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApi, ManagedLoginBranding, SignInMethod, SignInProvider, WhoamiFunction } from '../../src';

/** A 1x1 transparent PNG, base64: the logo of the managed login pages. */
const LOGO = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/**
 * Sign-in as a real web app needs it, on the construct's own pool: "Sign in with Google" and a
 * company's SAML identity provider, managed login (version 2) with its own style on
 * `auth.example.com`, passkeys and email one-time codes, threat protection on the PLUS plan, a WAF
 * web ACL in front of the pool, refresh-token rotation and a custom attribute. In us-east-1, so the
 * construct creates the sign-in domain's certificate; bound to its account (Control Tower).
 */
export class SignInExampleStack extends Stack {
  public readonly api: CognitoProtectedHttpApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { account: '111111111111', region: 'us-east-1' }, ...props });

    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const handler = new WhoamiFunction(this, 'ProtectedFunction');
    this.api = new CognitoProtectedHttpApi(this, 'Api', {
      callbackUrls: ['https://app.example.com/callback'],
      logoutUrls: ['https://app.example.com/'],
      email: cognito.UserPoolEmail.withSES({ fromEmail: 'no-reply@example.com', fromName: 'Example', sesVerifiedDomain: 'example.com' }),
      // Federation: the secrets stay in Secrets Manager; the template holds dynamic references.
      signInProviders: [
        SignInProvider.google({ clientId: '1234567890-example.apps.googleusercontent.com', clientSecret: SecretValue.secretsManager('example/google-client-secret') }),
        SignInProvider.saml({
          name: 'Corporate',
          metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://login.example.com/federationmetadata.xml'),
          attributeMapping: { email: cognito.ProviderAttribute.other('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress') },
        }),
      ],
      // Managed login on your own domain, with your style.
      signInDomainName: 'auth.example.com',
      signInHostedZone: hostedZone,
      managedLoginBranding: ManagedLoginBranding.custom({
        settingsJson: JSON.stringify({ categories: { global: { colorSchemeMode: 'LIGHT', pageHeader: { enabled: true }, pageFooter: { enabled: false } } } }),
        assets: [{ category: 'PAGE_HEADER_LOGO', colorMode: 'LIGHT', extension: 'PNG', bytes: LOGO }],
      }),
      // Choice-based sign-in: passkeys on auth.example.com and email one-time codes, besides passwords.
      signInMethods: [SignInMethod.PASSWORD, SignInMethod.PASSKEY, SignInMethod.EMAIL_OTP],
      // Threat protection (PLUS), and a web ACL in front of Cognito's sign-in endpoints.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      userPoolWebAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/sign-in/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      // A custom attribute the app reads (and the user may change), and refresh-token rotation.
      customAttributes: { plan: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }) },
      clientReadAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }).withCustomAttributes('plan'),
      clientWriteAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true }).withCustomAttributes('plan'),
      refreshTokenRotationGracePeriod: Duration.seconds(10),
      routes: [{ path: '/protected', handler }],
    });
  }
}
