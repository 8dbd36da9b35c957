import { AwsClient } from './aws-client';
import { provisionAwsCall } from './aws-custom-resource';
import { provisionGlobalTable, provisionTable } from './dynamodb';
import { provisionAlias, provisionKey } from './kms';
import { Provisioner, ProvisionScope } from './provisioner';
import { creationOrder, referencedIds } from './references';
import { provisionBucket } from './s3';
import { provisionSecret } from './secrets-manager';
import { provisionSubscription, provisionTopic } from './sns';
import { provisionQueue } from './sqs';
import { provisionParameter } from './ssm';
import { AssemblyStack, TemplateResource } from '../assembly';
import { IntrinsicContext, ResolvedResource, tryResolve } from '../intrinsics';

/**
 * Creates in the emulator (moto) the template's resources that it emulates and the handlers call —
 * tables, buckets, queues, topics, parameters, secrets, keys — in CloudFormation's dependency order,
 * and records each one's physical name and ARNs in `resources`, so that `Ref` / `Fn::GetAtt` in a
 * function's environment resolve to what the handler finds in the emulator.
 */

export const PROVISIONERS: Readonly<Record<string, Provisioner>> = {
  'AWS::KMS::Key': provisionKey,
  'AWS::KMS::Alias': provisionAlias,
  'AWS::DynamoDB::Table': provisionTable,
  'AWS::DynamoDB::GlobalTable': provisionGlobalTable,
  'AWS::S3::Bucket': provisionBucket,
  'AWS::SQS::Queue': provisionQueue,
  'AWS::SNS::Topic': provisionTopic,
  'AWS::SNS::Subscription': provisionSubscription,
  'AWS::SSM::Parameter': provisionParameter,
  'AWS::SecretsManager::Secret': provisionSecret,
  'Custom::AWS': provisionAwsCall,
  'Custom::DescribeCognitoUserPoolClient': provisionAwsCall,
};

/**
 * Which resources a pass creates. The user pools are created after the first pass (their triggers
 * and senders may name its keys); what refers to them, directly or through another resource —
 * a machine client's stored secret reads the client — waits for the second.
 */
export type ProvisionPass = 'beforeCognito' | 'afterCognito';

/** The logical ids that refer, directly or through others, to a Cognito resource. */
function referringToCognito(all: ReadonlyArray<[string, TemplateResource]>): Set<string> {
  const byId = new Map(all);
  const memo = new Map<string, boolean>();
  const refers = (id: string): boolean => {
    if (memo.has(id)) return memo.get(id)!;
    memo.set(id, false); // a cycle refers to nothing more
    const resource = byId.get(id);
    const dependsOn = resource?.DependsOn === undefined ? [] : Array.isArray(resource.DependsOn) ? resource.DependsOn : [resource.DependsOn];
    const result = [...referencedIds(resource?.Properties), ...dependsOn]
      .some((other) => byId.get(other)?.Type.startsWith('AWS::Cognito::') || (byId.has(other) && PROVISIONERS[byId.get(other)!.Type] !== undefined && refers(other)));
    memo.set(id, result);
    return result;
  };
  return new Set(all.map(([id]) => id).filter(refers));
}

/** Types other parts of the runner handle, or that change nothing a handler sees locally. */
const HANDLED_ELSEWHERE = new Set([
  'AWS::CDK::Metadata', 'AWS::Logs::LogGroup',
  'AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolGroup',
  'AWS::Cognito::UserPoolResourceServer', 'AWS::Cognito::UserPoolDomain',
  'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Authorizer',
  'AWS::Lambda::Function', 'AWS::Lambda::Permission', 'AWS::Lambda::EventSourceMapping', 'Custom::S3BucketNotifications',
]);

/** Access policies: stored nowhere, enforced nowhere locally (one note says so). */
const POLICY_TYPES = new Set([
  'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy',
]);

/**
 * Alarms and dashboards (`monitoring` on the construct): nothing a handler calls, nothing that
 * publishes metrics locally. One note counts them, instead of a "not emulated" list of every one.
 */
function isCloudWatch(type: string): boolean {
  return type.startsWith('AWS::CloudWatch::');
}

/** What a --watch reload may reuse: one entry per stack and logical id. */
export type ProvisionCache = Map<string, { readonly type: string; readonly properties: string; readonly resolved: ResolvedResource }>;

export interface ProvisionedResources {
  /** logical id → type, of the resources created (or reused) in the emulator. */
  readonly created: ReadonlyArray<{ readonly logicalId: string; readonly type: string; readonly ref: string }>;
  /** Start-up notes: what the runner does not create, properties it does not apply. */
  readonly notes: readonly string[];
}

export async function provisionAwsResources(
  stack: AssemblyStack,
  endpoint: string,
  context: IntrinsicContext,
  resources: Map<string, ResolvedResource>,
  cache: ProvisionCache = new Map(),
  pass: ProvisionPass = 'beforeCognito',
): Promise<ProvisionedResources> {
  const notes: string[] = [];
  const scope: ProvisionScope = {
    client: new AwsClient(endpoint, context.region), stackName: stack.stackName, region: context.region, account: context.account, notes,
  };
  const all = Object.entries(stack.template.Resources ?? {});
  const created: Array<{ logicalId: string; type: string; ref: string }> = [];

  const later = referringToCognito(all);
  const inPass = ([logicalId, candidate]: [string, TemplateResource]) => PROVISIONERS[candidate.Type] && later.has(logicalId) === (pass === 'afterCognito');
  for (const [logicalId, resource] of creationOrder(all.filter(inPass))) {
    const { value: properties, error } = tryResolve(resource.Properties ?? {}, context);
    if (error) {
      notes.push(`${logicalId} (${resource.Type}) not created: ${error}`);
      continue;
    }
    const key = `${stack.id}/${logicalId}`;
    const json = JSON.stringify(properties);
    const cached = cache.get(key);
    let resolved: ResolvedResource;
    if (cached && cached.type === resource.Type && cached.properties === json) {
      resolved = cached.resolved;
    } else {
      try {
        resolved = await PROVISIONERS[resource.Type](logicalId, properties, scope);
      } catch (problem) {
        notes.push(`${logicalId} (${resource.Type}) not created: ${(problem as Error).message}`);
        continue;
      }
      cache.set(key, { type: resource.Type, properties: json, resolved });
    }
    resources.set(logicalId, resolved);
    created.push({ logicalId, type: resource.Type, ref: resolved.ref });
  }

  if (pass === 'afterCognito') return { created, notes };
  const notCreated = new Map<string, string[]>();
  let policies = 0;
  let cloudWatch = 0;
  for (const [logicalId, resource] of all) {
    if (POLICY_TYPES.has(resource.Type)) {
      policies++;
    } else if (isCloudWatch(resource.Type)) {
      cloudWatch++;
    } else if (!PROVISIONERS[resource.Type] && !HANDLED_ELSEWHERE.has(resource.Type)) {
      notCreated.set(resource.Type, [...notCreated.get(resource.Type) ?? [], logicalId]);
    }
  }
  for (const [type, ids] of notCreated) notes.push(`not emulated: ${type} (${ids.join(', ')})`);
  if (policies) notes.push(`IAM is not enforced locally: ${policies} role/policy resource(s) are ignored, every call a handler makes to an AWS service is allowed (the HTTP APIs' AWS_IAM routes do check their callers' policies)`);
  if (cloudWatch) {
    notes.push(`CloudWatch is not emulated locally: ${cloudWatch} alarm/dashboard resource(s) are ignored (no metrics, no alarm actions)`);
  }
  return { created, notes };
}
