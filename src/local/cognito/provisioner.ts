import { AssemblyStack, resourcesOfType } from '../assembly';
import { CognitoClient } from './client';
import { identityProvider, LocalIdentityProvider } from './identity-providers';
import { IntrinsicContext, ResolvedResource, tryResolve } from '../intrinsics';

/**
 * Creates, through the emulator's Cognito API, what a stack's template declares and the emulator
 * supports: user pools (password policy, sign-in attributes), app clients (auth flows, OAuth
 * settings), groups and resource servers. Returns logical id → emulator ids.
 */

/** What was created, for the runner's summary and the endpoints file. */
export interface ProvisionedPool {
  readonly logicalId: string;
  readonly userPoolId: string;
  readonly issuer: string;
  readonly clients: readonly ProvisionedClient[];
  readonly groups: readonly string[];
  /** The pool's domain (`AWS::Cognito::UserPoolDomain`): a prefix, or a custom domain's name. */
  readonly domain?: string;
  /** True when `domain` is a custom domain (a full host name), not a prefix of `auth.<region>.amazoncognito.com`. */
  readonly customDomain?: boolean;
  /** The domain's `ManagedLoginVersion` (1: the classic hosted UI, 2: managed login) and custom domain certificate, as DescribeUserPoolDomain reads them back. */
  readonly domainSettings?: { readonly managedLoginVersion?: number; readonly certificateArn?: string };
  /** What the template asks for that the emulator does not do (printed as warnings). */
  readonly notEmulated: readonly string[];
  /** The pool's federated providers (`AWS::Cognito::UserPoolIdentityProvider`), run through local stand-ins. */
  readonly identityProviders: readonly LocalIdentityProvider[];
}

export interface ProvisionedClient {
  readonly logicalId: string;
  readonly clientId: string;
  readonly name?: string;
  readonly clientSecret?: string;
}

/** A pool being provisioned: its lists still grow. */
type PoolDraft = ProvisionedPool & {
  readonly clients: ProvisionedClient[];
  readonly groups: string[];
  readonly notEmulated: string[];
  readonly identityProviders: LocalIdentityProvider[];
};

/** Pool properties passed on as they are (the Cognito API takes the template's shape). */
const POOL_PROPERTIES = [
  'Policies', 'UsernameAttributes', 'AliasAttributes', 'AutoVerifiedAttributes', 'UsernameConfiguration',
  'AdminCreateUserConfig', 'MfaConfiguration', 'AccountRecoverySetting', 'Schema', 'DeletionProtection',
  'VerificationMessageTemplate', 'EmailVerificationMessage', 'EmailVerificationSubject', 'SmsVerificationMessage',
];

/**
 * Pool properties the emulator only keeps to describe them (DescribeUserPool reads them back; the
 * runner does what they ask itself, or not at all): passed when they resolve, without a note when not.
 */
const READ_BACK_POOL_PROPERTIES = [
  'LambdaConfig', 'UserPoolTier', 'UserPoolAddOns', 'EmailConfiguration', 'SmsConfiguration', 'SmsAuthenticationMessage',
  'DeviceConfiguration', 'UserAttributeUpdateSettings', 'UserPoolTags',
];

const CLIENT_PROPERTIES = [
  'ClientName', 'ExplicitAuthFlows', 'GenerateSecret', 'AllowedOAuthFlows', 'AllowedOAuthFlowsUserPoolClient',
  'AllowedOAuthScopes', 'CallbackURLs', 'LogoutURLs', 'SupportedIdentityProviders', 'AccessTokenValidity',
  'IdTokenValidity', 'RefreshTokenValidity', 'TokenValidityUnits', 'PreventUserExistenceErrors', 'EnableTokenRevocation',
  'ReadAttributes', 'WriteAttributes', 'RefreshTokenRotation', 'AuthSessionValidity', 'EnablePropagateAdditionalUserContextData',
  'DefaultRedirectURI', 'AnalyticsConfiguration',
];

function pick(properties: Record<string, any>, names: string[], context: IntrinsicContext, skipped: string[], where: string) {
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    if (properties[name] === undefined) continue;
    const { value, error } = tryResolve(properties[name], context);
    if (error) skipped.push(`${where}.${name}: ${error}`);
    else picked[name] = value;
  }
  return picked;
}

function cognitoResourceServerScopes(scopes: Array<{ ScopeName: string; ScopeDescription?: string }> | undefined) {
  return (scopes ?? []).map((scope) => ({ ScopeName: scope.ScopeName, ScopeDescription: scope.ScopeDescription ?? scope.ScopeName }));
}

export async function provisionCognito(
  stack: AssemblyStack,
  client: CognitoClient,
  resources: Map<string, ResolvedResource>,
  context: IntrinsicContext,
): Promise<ProvisionedPool[]> {
  const pools: PoolDraft[] = [];
  const poolOf = (properties: Record<string, any>) => tryResolve(properties.UserPoolId, context).value as string | undefined;

  for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::Cognito::UserPool')) {
    const properties = resource.Properties ?? {};
    const notEmulated: string[] = [];
    const body = {
      ...pick(properties, READ_BACK_POOL_PROPERTIES, context, [], logicalId),
      ...pick(properties, POOL_PROPERTIES, context, notEmulated, logicalId),
    };
    const { UserPool: pool } = await client.call('CreateUserPool', { PoolName: properties.UserPoolName ?? `${stack.stackName}-${logicalId}`, ...body });
    const issuer = `https://cognito-idp.${context.region}.amazonaws.com/${pool.Id}`;
    resources.set(logicalId, {
      ref: pool.Id,
      attributes: { Arn: pool.Arn, ProviderName: `cognito-idp.${context.region}.amazonaws.com/${pool.Id}`, ProviderURL: issuer, UserPoolId: pool.Id },
    });
    pools.push({ logicalId, userPoolId: pool.Id, issuer, clients: [], groups: [], notEmulated, identityProviders: [] });
  }
  const poolById = (id: string | undefined) => pools.find((pool) => pool.userPoolId === id);

  // Resource servers first: clients name their scopes.
  for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::Cognito::UserPoolResourceServer')) {
    const properties = resource.Properties ?? {};
    const userPoolId = poolOf(properties);
    if (!userPoolId) continue;
    await client.call('CreateResourceServer', {
      UserPoolId: userPoolId,
      Identifier: properties.Identifier,
      Name: properties.Name ?? properties.Identifier,
      Scopes: cognitoResourceServerScopes(properties.Scopes),
    });
    resources.set(logicalId, { ref: properties.Identifier });
  }

  for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::Cognito::UserPoolClient')) {
    const properties = resource.Properties ?? {};
    const userPoolId = poolOf(properties);
    const pool = poolById(userPoolId);
    if (!pool) continue;
    const body = pick(properties, CLIENT_PROPERTIES, context, pool.notEmulated, logicalId);
    const { UserPoolClient: created } = await client.call('CreateUserPoolClient', {
      UserPoolId: userPoolId,
      ClientName: properties.ClientName ?? logicalId,
      ...body,
    });
    const attributes: Record<string, string> = { ClientId: created.ClientId, Name: created.ClientName };
    if (created.ClientSecret) {
      attributes.ClientSecret = created.ClientSecret;
    }
    resources.set(logicalId, { ref: created.ClientId, attributes });
    pool.clients.push({ logicalId, clientId: created.ClientId, name: properties.ClientName, clientSecret: created.ClientSecret });
  }

  // Identity providers are not created in the emulator: the pool's OAuth server runs their stand-ins.
  for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::Cognito::UserPoolIdentityProvider')) {
    const properties = resource.Properties ?? {};
    const pool = poolById(poolOf(properties));
    if (!pool) continue;
    const resolved = pick(properties, ['ProviderName', 'ProviderType', 'AttributeMapping', 'IdpIdentifiers'], context, pool.notEmulated, logicalId);
    const provider = identityProvider(logicalId, resolved);
    resources.set(logicalId, { ref: provider.name });
    pool.identityProviders.push(provider);
  }

  for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::Cognito::UserPoolGroup')) {
    const properties = resource.Properties ?? {};
    const userPoolId = poolOf(properties);
    const pool = poolById(userPoolId);
    if (!pool) continue;
    const groupName = properties.GroupName ?? logicalId;
    await client.call('CreateGroup', { UserPoolId: userPoolId, GroupName: groupName, Description: properties.Description, Precedence: properties.Precedence });
    resources.set(logicalId, { ref: groupName });
    pool.groups.push(groupName);
  }

  for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::Cognito::UserPoolDomain')) {
    const pool = poolById(poolOf(resource.Properties ?? {}));
    const domain = tryResolve(resource.Properties?.Domain, context).value ?? logicalId;
    resources.set(logicalId, { ref: domain, attributes: { CloudFrontDistribution: 'local.invalid' } });
    const settings = {
      managedLoginVersion: tryResolve(resource.Properties?.ManagedLoginVersion, context).value,
      certificateArn: tryResolve(resource.Properties?.CustomDomainConfig?.CertificateArn, context).value,
    };
    if (pool) {
      Object.assign(pool, {
        domain: String(domain),
        customDomain: resource.Properties?.CustomDomainConfig !== undefined,
        domainSettings: {
          ...typeof settings.managedLoginVersion === 'number' ? { managedLoginVersion: settings.managedLoginVersion } : {},
          ...typeof settings.certificateArn === 'string' ? { certificateArn: settings.certificateArn } : {},
        },
      });
    }
  }
  return pools;
}
