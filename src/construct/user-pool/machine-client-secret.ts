import { SecretValue } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * A machine client's id and secret in a Secrets Manager secret, JSON `{"clientId", "clientSecret"}`.
 * The secret's value comes from aws-cdk-lib's `userPoolClientSecret`: a custom resource that calls
 * `DescribeUserPoolClient` at deployment (Cognito returns the secret nowhere else). No rotation:
 * Secrets Manager cannot change a Cognito client secret.
 */
export function storeMachineClientSecret(
  scope: Construct, id: string, client: cognito.UserPoolClient, encryptionKey?: kms.IKey,
): secretsmanager.Secret {
  return new secretsmanager.Secret(scope, id, {
    description: `Id and secret of the Cognito app client ${client.userPoolClientName} (client-credentials grant)`,
    encryptionKey,
    secretObjectValue: {
      clientId: SecretValue.unsafePlainText(client.userPoolClientId),
      clientSecret: client.userPoolClientSecret,
    },
  });
}
