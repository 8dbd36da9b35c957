import { AwsApiError } from './aws-client';
import { defined, Provisioner, ProvisionScope } from './provisioner';
import { physicalName } from './references';

/**
 * `AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable` (CDK's `TableV2`): keys, attribute
 * definitions, GSIs, LSIs, billing mode, stream and TTL, in the emulator's DynamoDB.
 */

const call = (scope: ProvisionScope, action: string, body: unknown) => scope.client.json('dynamodb', 'DynamoDB_20120810', action, body, '1.0');

function index(spec: Record<string, any>, provisioned: boolean) {
  return defined({
    IndexName: spec.IndexName,
    KeySchema: spec.KeySchema,
    Projection: spec.Projection ?? { ProjectionType: 'ALL' },
    ProvisionedThroughput: provisioned ? spec.ProvisionedThroughput ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } : undefined,
  });
}

async function createTable(logicalId: string, properties: Record<string, any>, scope: ProvisionScope) {
  const tableName: string = properties.TableName ?? physicalName(scope.stackName, logicalId, 255);
  const provisioned = properties.BillingMode !== 'PAY_PER_REQUEST' && properties.ProvisionedThroughput !== undefined;
  const stream = properties.StreamSpecification?.StreamViewType;
  const body = defined({
    TableName: tableName,
    KeySchema: properties.KeySchema,
    AttributeDefinitions: properties.AttributeDefinitions,
    BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    ProvisionedThroughput: provisioned ? properties.ProvisionedThroughput : undefined,
    GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes?.map((gsi: Record<string, any>) => index(gsi, provisioned)),
    LocalSecondaryIndexes: properties.LocalSecondaryIndexes?.map((lsi: Record<string, any>) => index(lsi, false)),
    StreamSpecification: stream ? { StreamEnabled: true, StreamViewType: stream } : undefined,
  });
  let description: any;
  try {
    description = (await call(scope, 'CreateTable', body)).TableDescription;
  } catch (error) {
    // Already there (a --watch reload): keep it and its items.
    if (!(error instanceof AwsApiError && error.code === 'ResourceInUseException')) throw error;
    description = (await call(scope, 'DescribeTable', { TableName: tableName })).Table;
  }
  const ttl = properties.TimeToLiveSpecification;
  if (ttl?.Enabled && ttl.AttributeName) {
    await call(scope, 'UpdateTimeToLive', { TableName: tableName, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } })
      .catch((error: Error) => { if (!/already enabled/i.test(error.message)) throw error; });
  }
  return {
    ref: tableName,
    attributes: defined({
      Arn: description.TableArn as string,
      StreamArn: description.LatestStreamArn as string | undefined,
      TableId: description.TableId as string | undefined,
    }) as Record<string, string>,
  };
}

export const provisionTable: Provisioner = createTable;

export const provisionGlobalTable: Provisioner = async (logicalId, properties, scope) => {
  const replicas: Array<Record<string, any>> = properties.Replicas ?? [];
  const others = replicas.map((replica) => replica.Region).filter((region) => region && region !== scope.region);
  if (others.length) {
    scope.notes.push(`${logicalId}: only the stack's region's replica is emulated (not ${others.join(', ')})`);
  }
  const here = replicas.find((replica) => replica.Region === scope.region) ?? {};
  const provisioned = properties.BillingMode === 'PROVISIONED';
  const throughput = (write: any, read: any) => ({
    ReadCapacityUnits: Number(read?.ReadCapacityUnits ?? read?.ReadCapacityAutoScalingSettings?.MinCapacity ?? 5),
    WriteCapacityUnits: Number(write?.WriteCapacityAutoScalingSettings?.MinCapacity ?? write?.WriteCapacityUnits ?? 5),
  });
  return createTable(logicalId, {
    ...properties,
    ProvisionedThroughput: provisioned
      ? throughput(properties.WriteProvisionedThroughputSettings, here.ReadProvisionedThroughputSettings)
      : undefined,
    GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes?.map((gsi: Record<string, any>) => ({
      ...gsi,
      ProvisionedThroughput: provisioned ? throughput(gsi.WriteProvisionedThroughputSettings, undefined) : undefined,
    })),
  }, scope);
};
