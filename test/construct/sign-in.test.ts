import { App, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CognitoProtectedHttpApi, CognitoProtectedHttpApiProps, ManagedLoginBranding, SignInMethod, SignInProvider, TokenAuthorizer } from '../../src';

/**
 * Sign-in on the construct's own pool: federation, managed login on a custom domain, choice-based
 * sign-in, threat protection, attributes and refresh-token rotation. One synthesized stack per
 * scenario, shared by its assertions.
 */
const secret = (name: string) => SecretValue.secretsManager(name);
const CLIENT = { Ref: Match.stringLikeRegexp('^ApiUserPoolClient') };

function build(region: string, props: (stack: Stack) => CognitoProtectedHttpApiProps): { stack: Stack; template: Template } {
  const stack = new Stack(new App({ analyticsReporting: false }), 'SignIn', { env: { account: '123456789012', region } });
  new CognitoProtectedHttpApi(stack, 'Api', props(stack));
  return { stack, template: Template.fromStack(stack) };
}

const zone = (stack: Stack) => route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });

// Everything at once, in us-east-1 with a hosted zone: the construct creates the sign-in certificate.
const full = build('us-east-1', (stack) => ({
  callbackUrls: ['https://app.example.com/callback'],
  email: cognito.UserPoolEmail.withSES({ fromEmail: 'no-reply@example.com', sesVerifiedDomain: 'example.com' }),
  signInProviders: [
    SignInProvider.google({ clientId: 'google-client', clientSecret: secret('google') }),
    SignInProvider.apple({ clientId: 'com.example.web', teamId: 'TEAM123456', keyId: 'KEY1234567', privateKey: secret('apple') }),
    SignInProvider.facebook({ clientId: 'fb-app', clientSecret: secret('facebook') }),
    SignInProvider.amazon({ clientId: 'amzn-client', clientSecret: secret('amazon') }),
    SignInProvider.oidc({ name: 'Okta', clientId: 'okta-client', clientSecret: secret('okta'), issuerUrl: 'https://example.okta.com' }),
    SignInProvider.saml({ name: 'Entra', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://login.example.com/metadata.xml') }),
  ],
  signInDomainName: 'auth.example.com',
  signInHostedZone: zone(stack),
  managedLoginBranding: ManagedLoginBranding.custom({
    settingsJson: JSON.stringify({ categories: { global: { colorSchemeMode: 'LIGHT' } } }),
    assets: [{ category: 'PAGE_HEADER_LOGO', colorMode: 'LIGHT', extension: 'PNG', bytes: 'iVBORw0KGgo=' }],
  }),
  signInMethods: [SignInMethod.PASSWORD, SignInMethod.EMAIL_OTP, SignInMethod.PASSKEY],
  featurePlan: cognito.FeaturePlan.PLUS,
  standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
  userPoolWebAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/signin/0123abcd-0000-0000-0000-000000000000',
  customAttributes: { tier: new cognito.StringAttribute({ minLen: 1, maxLen: 16, mutable: true }) },
  clientReadAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }).withCustomAttributes('tier'),
  clientWriteAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
  refreshTokenRotationGracePeriod: Duration.seconds(10),
}));

describe('federation', () => {
  const providers = full.template.findResources('AWS::Cognito::UserPoolIdentityProvider');

  test('creates one identity provider per SignInProvider, each with its type and name', () => {
    const byName = Object.fromEntries(Object.values(providers).map((r: any) => [r.Properties.ProviderName, r.Properties.ProviderType]));
    expect(byName).toEqual({
      Google: 'Google', SignInWithApple: 'SignInWithApple', Facebook: 'Facebook', LoginWithAmazon: 'LoginWithAmazon', Okta: 'OIDC', Entra: 'SAML',
    });
  });

  test('writes secrets as dynamic references, never as plain text', () => {
    const text = JSON.stringify(providers);
    for (const name of ['google', 'apple', 'facebook', 'amazon', 'okta']) {
      expect(text).toContain(`{{resolve:secretsmanager:${name}:SecretString:::}}`);
    }
  });

  test('maps the provider\'s email by default and asks for its default scopes', () => {
    full.template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Google',
      AttributeMapping: { email: 'email', email_verified: 'email_verified' },
      ProviderDetails: Match.objectLike({ authorize_scopes: 'openid email profile' }),
    });
  });

  test('the user client lists COGNITO and every provider, and depends on each', () => {
    const [id, client] = Object.entries(full.template.findResources('AWS::Cognito::UserPoolClient'))[0] as [string, any];
    expect(id).toMatch(/^ApiUserPoolClient/);
    expect(client.Properties.SupportedIdentityProviders).toEqual(['COGNITO', 'Google', 'SignInWithApple', 'Facebook', 'LoginWithAmazon', 'Okta', 'Entra']);
    expect(client.DependsOn).toEqual(expect.arrayContaining(Object.keys(providers)));
  });
});

test('a machine client lists only COGNITO, whatever providers the user client offers (client credentials involve no user)', () => {
  const { template } = build('us-east-1', () => ({
    callbackUrls: ['https://app.example.com/callback'],
    signInProviders: [SignInProvider.google({ clientId: 'google-client', clientSecret: secret('google') })],
    apiScopes: [{ name: 'read' }],
    machineClients: [{ name: 'sync', scopes: ['api/read'] }],
  }));
  const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')).map((client: any) => client.Properties);
  expect(clients.map((client) => [client.ClientName ?? 'user client', client.SupportedIdentityProviders])).toEqual([
    ['user client', ['COGNITO', 'Google']],
    ['sync', ['COGNITO']],
  ]);
});

describe('managed login on a custom sign-in domain', () => {
  test('the domain is the custom one, with managed login version 2 and the us-east-1 certificate the construct created', () => {
    full.template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    full.template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'auth.example.com', ValidationMethod: 'DNS' });
    full.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'auth.example.com',
      CustomDomainConfig: { CertificateArn: { Ref: Match.stringLikeRegexp('^ApiSignInCertificate') } },
      ManagedLoginVersion: 2,
    });
  });

  test('an alias record points the domain at its CloudFront distribution', () => {
    full.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'auth.example.com.',
      Type: 'A',
      AliasTarget: { DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiDomain'), 'CloudFrontDistribution'] }, HostedZoneId: { 'Fn::FindInMap': Match.anyValue() } },
    });
  });

  test('the branding styles the user client with the given settings and assets, after the domain exists', () => {
    const branding = Object.values(full.template.findResources('AWS::Cognito::ManagedLoginBranding'));
    expect(branding).toHaveLength(1);
    expect(branding[0].Properties).toEqual({
      UserPoolId: { Ref: expect.stringMatching(/^ApiUserPool/) },
      ClientId: { Ref: expect.stringMatching(/^ApiUserPoolClient/) },
      UseCognitoProvidedValues: false,
      Settings: { categories: { global: { colorSchemeMode: 'LIGHT' } } },
      Assets: [{ Category: 'PAGE_HEADER_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: 'iVBORw0KGgo=' }],
    });
    expect(branding[0].DependsOn).toEqual([expect.stringMatching(/^ApiDomain/)]);
  });

  test('the TokenUrl output follows the custom domain', () => {
    const output = Object.entries(full.template.findOutputs('*')).find(([key]) => key.startsWith('ApiTokenUrl'))![1];
    expect(output.Value).toEqual('https://auth.example.com/oauth2/token');
  });
});

describe('choice-based sign-in, threat protection, attributes, rotation', () => {
  test('the pool allows the chosen first factors, with the sign-in domain as the passkeys\' relying party', () => {
    full.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: Match.objectLike({ SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] } }),
      WebAuthnRelyingPartyID: 'auth.example.com',
      EmailConfiguration: Match.objectLike({ EmailSendingAccount: 'DEVELOPER' }),
    });
  });

  test('the user client has ALLOW_USER_AUTH, refresh-token rotation and the chosen attributes', () => {
    full.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
      ReadAttributes: ['custom:tier', 'email'],
      WriteAttributes: ['email'],
    });
  });

  test('threat protection is on the PLUS plan, and the web ACL is associated with the pool', () => {
    full.template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
    full.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiUserPool'), 'Arn'] },
      WebACLArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/signin/0123abcd-0000-0000-0000-000000000000',
    });
    expect(Annotations.fromStack(full.stack).findWarning('*', Match.stringLikeRegexp('threat protection'))).toEqual([]);
  });

  test('custom attributes are in the pool\'s schema with their constraints', () => {
    full.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '16' } }],
    });
  });
});

describe('defaults and alternatives', () => {
  const hosted = build('eu-west-1', () => ({ callbackUrls: ['https://app.example.com/cb'] }));
  const classic = build('eu-west-1', () => ({ callbackUrls: ['https://app.example.com/cb'], managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI }));
  const machineOnly = build('eu-west-1', () => ({ apiScopes: [{ name: 'read' }], machineClients: [{ name: 'sync', scopes: ['api/read'] }] }));
  const certificate = build('eu-west-1', (stack) => ({
    callbackUrls: ['https://app.example.com/cb'],
    signInDomainName: 'auth.example.com',
    signInCertificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
  }));
  const plusWithoutMode = build('eu-west-1', () => ({ featurePlan: cognito.FeaturePlan.PLUS }));
  const sms = build('eu-west-1', () => ({ signInMethods: [SignInMethod.PASSWORD, SignInMethod.SMS_OTP] }));

  test('the hosted sign-in gets managed login version 2 with Cognito\'s default style', () => {
    hosted.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    hosted.template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true, ClientId: CLIENT, Settings: Match.absent() });
    hosted.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { SupportedIdentityProviders: ['COGNITO'] });
  });

  test('the classic hosted UI stays selectable, without branding', () => {
    classic.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 1 });
    classic.template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 0);
  });

  test('a domain made only for machine clients is left as it was (no managed login, no branding)', () => {
    machineOnly.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: Match.absent() });
    machineOnly.template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 0);
  });

  test('outside us-east-1 the given us-east-1 certificate is used, and no record without a hosted zone', () => {
    certificate.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } });
    certificate.template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    certificate.template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  test('PLUS without a threat protection mode warns that it pays for nothing', () => {
    const warnings = Annotations.fromStack(plusWithoutMode.stack).findWarning('*', Match.stringLikeRegexp('featurePlan is PLUS but no threat protection mode'));
    expect(warnings).toHaveLength(1);
  });

  test('SMS one-time codes give the pool an SNS role', () => {
    sms.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: Match.objectLike({ SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'SMS_OTP'] } }),
      SmsConfiguration: Match.objectLike({ SnsCallerArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('smsRole'), 'Arn'] } }),
    });
    sms.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']) });
  });
});

test('an external OIDC issuer refuses the sign-in props (it has no pool to configure)', () => {
  const stack = new Stack(new App({ analyticsReporting: false }), 'Oidc');
  expect(() => new CognitoProtectedHttpApi(stack, 'Api', {
    tokenAuthorizer: TokenAuthorizer.oidcIssuer({ issuer: 'https://login.example.com/', audience: ['api'] }),
    signInMethods: [SignInMethod.PASSWORD],
  })).toThrow('CognitoProtectedHttpApi: tokenAuthorizer: an external OIDC issuer needs no user pool, so signInMethods would configure nothing;');
});
