import * as path from 'path';
import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApi } from '../../src';

export interface NotesExampleStackProps extends StackProps {
  /** The Node.js handler's directory (the watch test edits a copy). Default `notes/node` next to this file. */
  readonly nodeCodeDir?: string;
}

/**
 * A notes API on the construct: each signed-in user's notes, titles in a DynamoDB table and texts in
 * an S3 bucket. One Node.js handler on the AWS SDK v3 (left external, as `NodejsFunction` bundles do:
 * Lambda's runtime provides it) and one Python handler on boto3. The local runner runs it as it is.
 *
 * The data is kept as a careful user keeps it (AWS Control Tower's proactive controls; README,
 * Compliance): one rotated customer-managed KMS key encrypts the table and the texts; the table has
 * point-in-time recovery; the bucket is versioned, TLS-only, closed to the public, logs its requests
 * to a logs bucket and expires old versions. Removal: the table and the buckets are DESTROY, as the
 * example always had them (CloudFormation does not delete a bucket that still holds objects, and a
 * table with point-in-time recovery leaves a system backup for 35 days); the key is RETAIN (the
 * default): deleting it would make that backup and the texts left in the bucket unreadable.
 */
export class NotesExampleStack extends Stack {
  public readonly api: CognitoProtectedHttpApi;

  constructor(scope: Construct, id: string, props: NotesExampleStackProps = {}) {
    super(scope, id, props);
    // Server access logs are delivered under a bucket policy, not the LogDeliveryWrite ACL
    // (CT.S3.PR.5): the flag `cdk init` sets in a new app's cdk.json.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    // The notes' key (CT.DYNAMODB.PR.2, CT.S3.PR.10): rotated yearly (CT.KMS.PR.1); only AWS services
    // (DynamoDB and S3 on the handlers' behalf) may create grants on it (CT.KMS.PR.3).
    const key = new Key(this, 'NotesKey', { enableKeyRotation: true, description: 'Encrypts the notes: the table and the texts\' bucket' });
    key.addToResourcePolicy(new PolicyStatement({
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));

    const table = new Table(this, 'Notes', {
      partitionKey: { name: 'owner', type: AttributeType.STRING },
      sortKey: { name: 'id', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    table.addGlobalSecondaryIndex({ indexName: 'byTitle', partitionKey: { name: 'owner', type: AttributeType.STRING }, sortKey: { name: 'title', type: AttributeType.STRING } });
    // The texts' server access logs. S3 delivers them only to a bucket encrypted with SSE-S3 (not
    // SSE-KMS), and a logs bucket does not log itself: it fails CT.S3.PR.2 and CT.S3.PR.10 (README).
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{
        expiration: Duration.days(365),
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const bucket = new Bucket(this, 'NoteTexts', {
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true, // an S3 Bucket Key: far fewer (billed) KMS requests
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'note-texts/',
      // Current texts stay as long as their note; replaced and deleted ones are kept 30 days.
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { expiredObjectDeleteMarker: true },
      ],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const environment = { TABLE: table.tableName, BUCKET: bucket.bucketName };

    // Create and read: Node.js on the AWS SDK v3 (not bundled: the runtime's).
    const nodeHandler = new LambdaFunction(this, 'NotesNode', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromAsset(props.nodeCodeDir ?? path.join(__dirname, 'notes', 'node')),
      timeout: Duration.seconds(10),
      environment,
    });
    // List, update and delete: Python on boto3 (the runtime's).
    const pythonHandler = new LambdaFunction(this, 'NotesPython', {
      runtime: Runtime.PYTHON_3_12,
      handler: 'notes.handler',
      code: Code.fromAsset(path.join(__dirname, 'notes', 'python')),
      timeout: Duration.seconds(10),
      environment,
    });
    for (const handler of [nodeHandler, pythonHandler]) {
      table.grantReadWriteData(handler);
      bucket.grantReadWrite(handler);
    }

    this.api = new CognitoProtectedHttpApi(this, 'Api', {
      selfSignUpEnabled: true,
      routes: [
        { path: '/notes', methods: [HttpMethod.POST], handler: nodeHandler },
        { path: '/notes/{id}', methods: [HttpMethod.GET], handler: nodeHandler },
        { path: '/notes', methods: [HttpMethod.GET], handler: pythonHandler },
        { path: '/notes/{id}', methods: [HttpMethod.PUT, HttpMethod.DELETE], handler: pythonHandler },
      ],
    });
  }
}
