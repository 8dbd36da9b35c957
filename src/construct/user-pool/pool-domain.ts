import { Aws, CfnOutput, Fn, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { ManagedLoginBranding } from '../sign-in/managed-login-branding';
import { fail } from '../validation/check-helpers';

/** Cognito serves custom sign-in domains through CloudFront, which takes certificates from this region only. */
const CERTIFICATE_REGION = 'us-east-1';

/** Whether the props ask for the pool domain by themselves (machine clients add it when they need it). */
export function wantsPoolDomain(props: CognitoProtectedHttpApiProps): boolean {
  return props.callbackUrls !== undefined || props.domainPrefix !== undefined || props.signInDomainName !== undefined;
}

/**
 * The pool's domain: the Cognito prefix domain, or `signInDomainName` with its us-east-1 certificate
 * and alias record. With the hosted sign-in on (`callbackUrls`), managed login version 2 (unless
 * the classic UI is chosen) and the user client's branding. The `TokenUrl` output follows it.
 */
export function createPoolDomain(
  scope: Construct,
  userPool: cognito.IUserPool,
  props: CognitoProtectedHttpApiProps,
  userClient?: cognito.IUserPoolClient,
): cognito.UserPoolDomain {
  const hostedSignIn = props.callbackUrls !== undefined;
  const managedLoginVersion = hostedSignIn ? props.managedLoginVersion ?? cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN : undefined;
  const domainName = props.signInDomainName;
  const domain = new cognito.UserPoolDomain(scope, 'Domain', {
    userPool,
    ...(domainName
      ? { customDomain: { domainName, certificate: signInCertificate(scope, domainName, props) } }
      : { cognitoDomain: { domainPrefix: props.domainPrefix ?? Fn.join('-', ['auth', Fn.select(2, Fn.split('/', Aws.STACK_ID))]) } }),
    managedLoginVersion,
  });
  if (domainName && props.signInHostedZone) {
    new route53.ARecord(scope, 'SignInDomainRecord', {
      zone: props.signInHostedZone,
      recordName: domainName,
      // The domain's own CloudFrontDistribution attribute: aws-cdk-lib's UserPoolDomainTarget would add a custom resource (a Lambda function).
      target: route53.RecordTarget.fromAlias({
        bind: () => ({
          dnsName: (domain.node.defaultChild as cognito.CfnUserPoolDomain).attrCloudFrontDistribution,
          hostedZoneId: targets.CloudFrontTarget.getHostedZoneId(scope),
        }),
      }),
    });
  }
  if (managedLoginVersion === cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN && userClient) {
    const branding = props.managedLoginBranding ?? ManagedLoginBranding.cognitoDefault();
    new cognito.CfnManagedLoginBranding(scope, 'ManagedLoginBranding', branding._properties(userPool.userPoolId, userClient.userPoolClientId))
      .node.addDependency(domain);
  }
  if (props.createOutputs ?? true) {
    new CfnOutput(scope, 'TokenUrl', {
      value: `${domainName ? `https://${domainName}` : domain.baseUrl()}/oauth2/token`,
      description: 'OAuth token endpoint of the user pool domain (client-credentials grant)',
    });
  }
  return domain;
}

/** The given certificate (which must be in us-east-1), or a new one when the stack is in us-east-1 and has the zone. */
function signInCertificate(scope: Construct, domainName: string, props: CognitoProtectedHttpApiProps): acm.ICertificate {
  if (props.signInCertificate) {
    // An imported certificate's region is in its ARN; one made in a stack is in that stack's region.
    const arn = props.signInCertificate.certificateArn;
    const region = Token.isUnresolved(arn) ? props.signInCertificate.env.region : arn.split(':')[3];
    if (!Token.isUnresolved(region) && region !== CERTIFICATE_REGION) {
      fail('signInCertificate', `is in ${region}; Cognito serves custom sign-in domains through CloudFront, which only takes certificates from ${CERTIFICATE_REGION}: request the certificate there and pass it (e.g. Certificate.fromCertificateArn()).`);
    }
    return props.signInCertificate;
  }
  const region = Stack.of(scope).region;
  if (props.signInHostedZone && region === CERTIFICATE_REGION) {
    return new acm.Certificate(scope, 'SignInCertificate', { domainName, validation: acm.CertificateValidation.fromDns(props.signInHostedZone) });
  }
  const where = Token.isUnresolved(region) ? 'a stack without env.region' : region;
  return fail('signInDomainName', `needs a certificate in ${CERTIFICATE_REGION} (Cognito serves custom sign-in domains through CloudFront), and the construct can only create one in a ${CERTIFICATE_REGION} stack with signInHostedZone; this is ${where}${props.signInHostedZone ? '' : ' without signInHostedZone'}: pass signInCertificate (created in ${CERTIFICATE_REGION}, e.g. in a stack with crossRegionReferences), or deploy this stack to ${CERTIFICATE_REGION} with signInHostedZone.`);
}
