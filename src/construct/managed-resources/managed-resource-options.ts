import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Options for what the library creates on your behalf: its own Lambda functions (the group-scope
 * trigger, the JWT Lambda authorizer, the CORS preflight function, `WhoamiFunction`) and every log
 * group it creates (theirs and the API's access logs). Accounts whose AWS Control Tower controls
 * require functions in a VPC (CT.LAMBDA.PR.3) or log groups kept a year (CT.CLOUDWATCH.PR.2) and
 * encrypted with a KMS key (CT.CLOUDWATCH.PR.3) set them here.
 */
export interface ManagedResourceOptions {
  /**
   * The VPC the library's functions run in. Their roles get the AWS managed policy
   * `AWSLambdaVPCAccessExecutionRole` (network interfaces).
   *
   * @default - not in a VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Where in `vpc` the functions run. Only with `vpc`.
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups of the functions. Only with `vpc`.
   *
   * @default - one new security group per function, all outbound traffic allowed
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * How long the log groups the library creates keep their logs.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The KMS key that encrypts the log groups the library creates. For a key created in the same
   * stack (`new kms.Key(...)`), the key policy is extended so that CloudWatch Logs of this region
   * may use it for this account's log groups; for an imported key, give that permission in its
   * key policy yourself (principal `logs.<region>.amazonaws.com`, condition on
   * `kms:EncryptionContext:aws:logs:arn`). It also encrypts the machine clients' stored secrets
   * (`MachineClientOptions.storeSecret`).
   *
   * @default - CloudWatch Logs' own encryption (and Secrets Manager's AWS managed key)
   */
  readonly logEncryptionKey?: kms.IKey;
}
