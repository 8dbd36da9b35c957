import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ManagedResourceOptions } from './managed-resource-options';

/** Keys whose policy already lets CloudWatch Logs use them (one statement per key). */
const keysGrantedToLogs = new WeakSet<kms.IKey>();

/**
 * A log group the library creates on the user's behalf: retention and KMS key from the
 * `ManagedResourceOptions` (one month and no key by default), kept when the stack is deleted.
 */
export function createLogGroup(scope: Construct, id: string, options: ManagedResourceOptions, retention = options.logRetention): logs.LogGroup {
  const key = options.logEncryptionKey;
  if (key) {
    allowLogsToUse(scope, key);
  }
  return new logs.LogGroup(scope, id, {
    retention: retention ?? logs.RetentionDays.ONE_MONTH,
    encryptionKey: key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** CloudWatch Logs encrypts with the key only if the key policy lets its regional principal do so. */
function allowLogsToUse(scope: Construct, key: kms.IKey): void {
  if (keysGrantedToLogs.has(key)) {
    return;
  }
  keysGrantedToLogs.add(key);
  const stack = Stack.of(scope);
  // A no-op for an imported key: its policy is the owner's to change (documented on the prop).
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    },
  }));
}
