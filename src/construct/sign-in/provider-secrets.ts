import { SecretValue, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { fail } from '../validation/check-helpers';

/**
 * A federated provider's secret must reach the template as a Secrets Manager dynamic reference, the
 * only kind CloudFormation resolves in `AWS::Cognito::UserPoolIdentityProvider` `ProviderDetails`
 * ("Using dynamic references": `ssm-secure` references are resolved only in the resource properties
 * that list them; cfn-lint E1027). Anything else would reach the provider as the literal text — or,
 * for a plain value, show the secret to anyone who can read the stack.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
 */

const FIX = "keep the secret in Secrets Manager and pass SecretValue.secretsManager('<name or ARN>') (or secret.secretValue of a Secret)";

/** What the secret is, in words, when it is not a Secrets Manager reference; undefined when it is one. */
function wrongKind(resolved: string): string | undefined {
  if (resolved.includes('{{resolve:secretsmanager:')) return undefined;
  if (resolved.includes('{{resolve:ssm-secure:')) return 'an ssm-secure reference (SecretValue.ssmSecure), which CloudFormation does not resolve in identity provider details: the provider would get the reference\'s text';
  if (resolved.includes('{{resolve:ssm:')) return 'a plain SSM parameter reference (not encrypted, and not resolved in identity provider details)';
  return 'a CloudFormation reference or parameter (SecretValue.cfnParameter, resourceAttribute), which passes the secret through the stack\'s parameters or attributes';
}

export function checkProviderSecret(scope: IConstruct, where: string, secret: SecretValue): void {
  const raw = secret.unsafeUnwrap();
  if (!Token.isUnresolved(raw)) {
    fail(where, `is a plain value, which the template would show to anyone who can read the stack; ${FIX}.`);
  }
  const kind = wrongKind(JSON.stringify(Stack.of(scope).resolve(raw)));
  if (kind) fail(where, `is ${kind}; ${FIX}.`);
}
