import { Duration, Token } from 'aws-cdk-lib';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { TokenAuthorizerKind } from './token-authorizer';
import { SIGN_IN_CLIENT_PROPS, SIGN_IN_POOL_PROPS } from '../sign-in/sign-in-validation';
import { NEW_CLIENT_PROPS, NEW_POOL_PROPS } from '../user-pool/user-pool-validation';
import { fail, isHttpsUrl, rejectUnused, validateDuration } from '../validation/check-helpers';
import { checkOidcAudiences } from '../validation/quotas';

/* Checks of `tokenAuthorizer` and of the pool props an external OIDC issuer makes meaningless. */

/** Props that configure the user pool and what hangs off it: meaningless with an external OIDC issuer. */
const POOL_PROPS = [
  'userPool', ...NEW_POOL_PROPS, ...SIGN_IN_POOL_PROPS, 'groups', 'userPoolClients', ...NEW_CLIENT_PROPS, ...SIGN_IN_CLIENT_PROPS,
  'apiScopes', 'resourceServerIdentifier', 'machineClients', 'domainPrefix', 'signInDomainName', 'signInCertificate', 'signInHostedZone',
  'managedLoginVersion', 'managedLoginBranding',
];

export function validateTokenAuthorizer(props: CognitoProtectedHttpApiProps): void {
  const authorizer = props.tokenAuthorizer;
  if (authorizer?.kind === TokenAuthorizerKind.OIDC_ISSUER) {
    const { issuer, audience } = authorizer.oidc!;
    if (!Token.isUnresolved(issuer) && !isHttpsUrl(issuer)) {
      fail('tokenAuthorizer', `the OIDC issuer "${issuer}" must be an https URL, e.g. "https://example.eu.auth0.com/".`);
    }
    if (audience.length === 0) {
      fail('tokenAuthorizer', 'the OIDC issuer needs at least one audience: API Gateway accepts only tokens whose aud (or client_id) is listed.');
    }
    checkOidcAudiences(audience.length);
    rejectUnused(props, POOL_PROPS, 'tokenAuthorizer', 'an external OIDC issuer needs no user pool', 'use TokenAuthorizer.userPool() or TokenAuthorizer.lambdaAuthorizer()');
  }
  if (authorizer?.kind === TokenAuthorizerKind.LAMBDA) {
    const options = authorizer.lambdaOptions!;
    if (options.trustUserPool === false && !options.issuers?.length) {
      fail('tokenAuthorizer', 'the Lambda authorizer trusts no issuer (trustUserPool is false and issuers is empty); add issuers, or trust the user pool.');
    }
    (options.issuers ?? []).forEach((issuer, index) => {
      for (const [field, url] of [['issuer', issuer.issuer], ['jwksUri', issuer.jwksUri]] as const) {
        if (url !== undefined && !Token.isUnresolved(url) && !isHttpsUrl(url)) {
          fail(`tokenAuthorizer.issuers[${index}].${field}`, `"${url}" must be an https URL (the authorizer fetches keys over https only).`);
        }
      }
      if (issuer.audience?.length === 0) {
        fail(`tokenAuthorizer.issuers[${index}].audience`, 'is empty, which would refuse every token; list the accepted audiences, or leave it out to not check them.');
      }
    });
    const ttl = options.resultsCacheTtl;
    if (ttl && !Token.isUnresolved(ttl.toSeconds()) && ttl.toSeconds() > 3600) {
      fail('tokenAuthorizer.resultsCacheTtl', `is ${ttl.toHumanString()}; API Gateway caches authorizer results for at most 1 hour.`);
    }
    validateDuration('tokenAuthorizer.jwksTimeout', options.jwksTimeout, Duration.millis(100), Duration.seconds(4), 'the Lambda authorizer');
  }
}
