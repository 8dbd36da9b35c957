import * as path from 'path';
import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
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
 */
export class NotesExampleStack extends Stack {
  public readonly api: CognitoProtectedHttpApi;

  constructor(scope: Construct, id: string, props: NotesExampleStackProps = {}) {
    super(scope, id, props);

    const table = new Table(this, 'Notes', {
      partitionKey: { name: 'owner', type: AttributeType.STRING },
      sortKey: { name: 'id', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    table.addGlobalSecondaryIndex({ indexName: 'byTitle', partitionKey: { name: 'owner', type: AttributeType.STRING }, sortKey: { name: 'title', type: AttributeType.STRING } });
    const bucket = new Bucket(this, 'NoteTexts', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
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
