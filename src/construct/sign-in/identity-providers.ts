import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { SignInProvider } from './sign-in-provider';
import { alphanumeric } from '../validation/check-helpers';

/** The pool's federated identity providers, one resource each, in the order given. */
export function createIdentityProviders(
  scope: Construct,
  userPool: cognito.IUserPool,
  providers: SignInProvider[],
): cognito.IUserPoolIdentityProvider[] {
  return providers.map((provider) => provider._create(scope, `SignInProvider${alphanumeric(provider.providerName)}`, userPool));
}

/**
 * The user client lists every provider, and depends on it: CloudFormation would otherwise create
 * the client first, and Cognito refuses a client naming a provider that does not exist yet.
 */
export function dependOnProviders(client: cognito.UserPoolClient, providers: cognito.IUserPoolIdentityProvider[]): void {
  providers.forEach((provider) => client.node.addDependency(provider));
}

/** `COGNITO` (the pool's own users) and every federated provider, for the client's `SupportedIdentityProviders`. */
export function supportedProviders(providers: SignInProvider[]): cognito.UserPoolClientIdentityProvider[] {
  return [cognito.UserPoolClientIdentityProvider.COGNITO, ...providers.map((p) => cognito.UserPoolClientIdentityProvider.custom(p.providerName))];
}
