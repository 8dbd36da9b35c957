import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { refersTo } from './declared-routes';
import { resourcesOfType, Template } from '../../assembly';

/**
 * A deployed CloudFormation stack as `check-access --region` reads it: the template as it was
 * submitted (`GetTemplate`, stage `Original`: the routes' `Metadata` with the declared access is
 * kept), each resource's physical id (`ListStackResources`) and the outputs (`DescribeStacks`). From
 * them: each HTTP API's URL, and each user pool's clients, groups and domain.
 */

export interface DeployedStack {
  readonly stackName: string;
  readonly region: string;
  readonly template: Template;
  /** Logical id → physical id (what `Ref` gives: a pool's id, a client's id, an API's id, a domain's prefix…). */
  readonly physicalIds: ReadonlyMap<string, string>;
  /** OutputKey → OutputValue. */
  readonly outputs: Readonly<Record<string, string>>;
}

/** A deployed user pool: what `check-access` needs to make its callers. */
export interface DeployedPool {
  readonly logicalId: string;
  readonly userPoolId: string;
  /** The pool's app clients in template order; `generateSecret`: the template asks for a secret. */
  readonly clients: ReadonlyArray<{ readonly logicalId: string; readonly clientId: string; readonly generateSecret: boolean }>;
  readonly groups: readonly string[];
  /** The pool domain's URL: `https://<prefix>.auth.<region>.amazoncognito.com`, or `https://<custom domain>`. */
  readonly oauthUrl?: string;
}

export async function readDeployedStack(cloudFormation: CloudFormationClient, stackName: string, region: string): Promise<DeployedStack> {
  let described;
  try {
    described = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  } catch (error) {
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message)) {
      throw new Error(`--stack ${stackName}: there is no CloudFormation stack named ${stackName} in ${region} (CloudFormation: "${(error as Error).message}"). `
        + '--stack takes the deployed stack\'s name (as "cdk list --long" or the CloudFormation console shows it), --region the region it is deployed in.');
    }
    throw error;
  }
  const outputs = Object.fromEntries((described.Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
  const { TemplateBody } = await cloudFormation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
  let template: Template;
  try {
    template = JSON.parse(TemplateBody ?? '');
  } catch {
    throw new Error(`--stack ${stackName}: its template (GetTemplate, stage Original) is not JSON; check-access reads the JSON templates the CDK deploys, not YAML.`);
  }
  const physicalIds = new Map<string, string>();
  let NextToken: string | undefined;
  do {
    const page = await cloudFormation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken }));
    for (const resource of page.StackResourceSummaries ?? []) {
      if (resource.LogicalResourceId && resource.PhysicalResourceId) physicalIds.set(resource.LogicalResourceId, resource.PhysicalResourceId);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return { stackName, region, template, physicalIds, outputs };
}

/** The API's name, as the local runner names it: its `Name` property, else its logical id. */
export function apiName(stack: DeployedStack, apiLogicalId: string): string {
  const name = stack.template.Resources?.[apiLogicalId]?.Properties?.Name;
  return typeof name === 'string' ? name : apiLogicalId;
}

/**
 * The URL the API's routes are under (ending in `/`): the value of the stack's output whose template
 * value refers to the API and which is a URL (the construct's `ApiUrl`: its stage, its custom
 * domain), else `https://<api id>.execute-api.<region>.amazonaws.com/` with the API's stage's path.
 */
export function deployedApiUrl(stack: DeployedStack, apiLogicalId: string): string {
  for (const [key, output] of Object.entries(stack.template.Outputs ?? {})) {
    const value = stack.outputs[key];
    if (value && /^https?:\/\//.test(value) && refersTo(output.Value, apiLogicalId)) return value.endsWith('/') ? value : `${value}/`;
  }
  const apiId = stack.physicalIds.get(apiLogicalId);
  if (!apiId) throw new Error(`--stack ${stack.stackName}: CloudFormation lists no physical id for the API ${apiLogicalId} (is the stack's deployment complete?)`);
  const stage = resourcesOfType(stack.template, 'AWS::ApiGatewayV2::Stage')
    .map(([, resource]) => resource.Properties ?? {})
    .find((properties) => refersTo(properties.ApiId, apiLogicalId))?.StageName;
  const stagePath = typeof stage === 'string' && stage !== '$default' ? `${stage}/` : '';
  const suffix = stack.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${apiId}.execute-api.${stack.region}.${suffix}/${stagePath}`;
}

/** The stack's user pools, with their clients, groups and domain, in template order. */
export function deployedPools(stack: DeployedStack): DeployedPool[] {
  const { template, physicalIds } = stack;
  const ofPool = (type: string, poolLogicalId: string) => resourcesOfType(template, type)
    .filter(([, resource]) => refersTo(resource.Properties?.UserPoolId, poolLogicalId));
  return resourcesOfType(template, 'AWS::Cognito::UserPool').flatMap(([logicalId]) => {
    const userPoolId = physicalIds.get(logicalId);
    if (!userPoolId) return [];
    const clients = ofPool('AWS::Cognito::UserPoolClient', logicalId).flatMap(([clientLogicalId, resource]) => {
      const clientId = physicalIds.get(clientLogicalId);
      return clientId ? [{ logicalId: clientLogicalId, clientId, generateSecret: String(resource.Properties?.GenerateSecret) === 'true' }] : [];
    });
    // A group's physical id is its name; the template's GroupName when it is a plain string.
    const groups = ofPool('AWS::Cognito::UserPoolGroup', logicalId).flatMap(([groupLogicalId, resource]) => {
      const name = typeof resource.Properties?.GroupName === 'string' ? resource.Properties.GroupName : physicalIds.get(groupLogicalId);
      return name ? [name] : [];
    });
    const [domain] = ofPool('AWS::Cognito::UserPoolDomain', logicalId).flatMap(([domainLogicalId, resource]) => {
      const name = physicalIds.get(domainLogicalId);
      if (!name) return [];
      return [resource.Properties?.CustomDomainConfig ? `https://${name}` : `https://${name}.auth.${stack.region}.amazoncognito.com`];
    });
    return [{ logicalId, userPoolId, clients, groups, oauthUrl: domain }];
  });
}
