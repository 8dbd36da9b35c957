import { AccessLogEntry, LocalGateway } from '../api/gateway';
import { executeApiArn, LocalRoute, readHttpApis, registerApiResources } from '../api/http-api-model';
import { IamAuthorizer } from '../api/iam-authorizer';
import { credentialsEnvironment, IamPrincipalInfo, principalInfo, readIamPrincipals, registerRoles } from '../api/iam-principals';
import { JwksCache } from '../api/jwks';
import { AssemblyStack } from '../assembly';
import { ProvisionCache, provisionAwsResources } from '../aws-resources';
import { CognitoClient } from '../cognito/client';
import { FrontPool, FrontState } from '../cognito/front';
import { PoolSignIn } from '../cognito/front/call';
import { LocalOAuthServer } from '../cognito/oauth-server';
import { provisionCognito, ProvisionedPool } from '../cognito/provisioner';
import { signInNotes } from '../cognito/sign-in-notes';
import { CognitoTokenSigner, PoolKeys } from '../cognito/tokens';
import { LocalTrigger, readTriggers } from '../cognito/triggers';
import { IntrinsicContext, ResolvedResource, tryResolve } from '../intrinsics';
import { lambdaEnvironment } from '../lambda/environment';
import { EventSources, startEventSources } from '../lambda/event-sources';
import { readFunctions, registerFunctions } from '../lambda/functions';
import { InvokeTarget } from '../lambda/invoke-api';
import { LocalFunction } from '../lambda/runner';
import { mapUrl, UrlMapping } from '../url-map';
import { MotoServer } from './moto';

/**
 * One stack of the assembly, started: its resources in the emulator (AWS resources, pools and
 * clients), its pools' domains, its functions, the pools' triggers, its event sources and one local
 * HTTP API per `AWS::ApiGatewayV2::Api`; then its outputs, resolved against all of that.
 */

/** Kept across --watch reloads: the emulator's resources (by stack and logical id) and each API's port. */
export interface RunnerReuse {
  readonly aws: ProvisionCache;
  readonly ports: Map<string, number>;
  readonly cognito: Map<string, { readonly pools: ProvisionedPool[]; readonly resources: ReadonlyArray<[string, ResolvedResource]> }>;
  /** What the Cognito endpoint knows that moto does not (issued tokens and revocations, SRP verifiers, messages sent, live codes). */
  readonly front: FrontState;
  /** What a reload found new in a template's Cognito resources and did not create (filled by each start, read by --watch). */
  readonly notApplied: string[];
  /** The pools' signing keys (their `kid`s stay valid across reloads). */
  readonly keys?: PoolKeys;
}

export interface LocalApiInfo {
  readonly logicalId: string;
  /** The construct path of the API's resource (`aws:cdk:path`, e.g. `MyStack/Api/HttpApi/Resource`), when the template records it. */
  readonly path?: string;
  readonly name: string;
  readonly url: string;
  readonly routes: ReadonlyArray<{
    readonly routeKey: string;
    readonly authorization: string;
    readonly notRunnable?: string;
    /**
     * An `AWS_IAM` route: the roles (logical ids) whose policies in the template allow
     * `execute-api:Invoke` on it (for its method, `GET` for `ANY`, and its path with each path
     * parameter `check-access`).
     */
    readonly iamGrantedTo?: readonly string[];
  }>;
}

/**
 * A user pool as the runner runs it: with its local OAuth 2.0 endpoints when it has a domain. Its
 * `issuer` is its tokens' `iss`: the AWS one, or `<cognitoEndpoint>/<poolId>` with `issuer: 'local'`.
 */
export interface LocalUserPool extends ProvisionedPool {
  /** The construct path of the pool's resource (`aws:cdk:path`), when the template records it. */
  readonly path?: string;
  /**
   * The pool's domain, run locally: `hostedUrl` is what the template's domain serves at on AWS
   * (mapped to `url` for the runner's Lambda functions), `url` the local server (`/oauth2/authorize`,
   * `/oauth2/token`, `/oauth2/revoke`, `/oauth2/userInfo`, `/logout`, `/.well-known/openid-configuration`).
   */
  readonly oauth?: { readonly hostedUrl: string; readonly url: string };
}

export interface LocalStackInfo {
  readonly id: string;
  readonly stackName: string;
  readonly region: string;
  readonly apis: readonly LocalApiInfo[];
  readonly userPools: readonly LocalUserPool[];
  /** The template's outputs that resolve locally (API URLs point at the local APIs). */
  readonly outputs: Readonly<Record<string, string>>;
  /**
   * Local credentials of each `AWS::IAM::Role` of the template, by logical id: sign requests to the
   * `AWS_IAM` routes with them (service `execute-api`, the stack's region). The functions get their
   * execution role's own session (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`).
   */
  readonly iamPrincipals: Readonly<Record<string, IamPrincipalInfo>>;
  /** What each resource's `Ref` is here, by logical id: the emulated resources' ids (pools, clients, APIs…), placeholders for the rest. */
  readonly physicalIds: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

export const LOCAL_ACCOUNT = '123456789012';

/** What every stack shares: the emulator, the Cognito front, the keys, and the lists `stop()` ends. */
export interface RunnerShared {
  readonly moto: MotoServer;
  readonly frontUrl: string;
  /** The runner's Lambda API (Invoke): what functions' own Lambda clients call. */
  readonly lambdaUrl: string;
  /** Tells the Cognito front of a template's pool: each stack adds its own. */
  readonly registerFrontPool: (pool: FrontPool) => void;
  readonly signer: CognitoTokenSigner;
  /**
   * With `issuer: 'local'`: each pool's AWS issuer → its local issuer (the JWT authorizers'
   * `JwtConfiguration.Issuer` and the functions' `CDK_LOCAL_ISSUER_MAP`); each stack adds its pools.
   * Undefined with `issuer: 'aws'`.
   */
  readonly localIssuers?: Map<string, string>;
  readonly jwks: JwksCache;
  /** Public URL → local URL, for the functions and the authorizers' key fetches; each pool domain adds its own. */
  readonly urlMappings: UrlMapping[];
  readonly functions: LocalFunction[];
  /** What the Lambda endpoint invokes: each stack adds its functions. */
  readonly invokeTargets: InvokeTarget[];
  readonly servers: Array<{ stop(): Promise<void> }>;
  readonly eventSources: EventSources[];
  readonly assemblyDir: string;
  readonly python?: string;
  readonly reuse?: RunnerReuse;
  readonly log: (line: string) => void;
  readonly onAccessLog?: (entry: AccessLogEntry, stackId: string) => void;
  /** The next API's port (0: free ports); advanced as APIs start. */
  nextPort: number;
}

export async function startStack(stack: AssemblyStack, region: string, shared: RunnerShared): Promise<LocalStackInfo> {
  const { moto, reuse } = shared;
  const resources = new Map<string, ResolvedResource>();
  const context: IntrinsicContext = { region, account: stack.account ?? LOCAL_ACCOUNT, stackName: stack.stackName, resources };
  // Every resource gets a placeholder id; the emulated ones get real ids below.
  for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
    const service = resource.Type.split('::')[1]?.toLowerCase() ?? 'local';
    resources.set(logicalId, { ref: `local-${logicalId}`, attributes: { Arn: `arn:aws:${service}:${region}:${context.account}:local/${logicalId}` } });
  }
  registerApiResources(stack, resources);
  registerRoles(stack, context, resources);
  registerFunctions(stack, context, resources);
  const aws = await provisionAwsResources(stack, moto.endpoint, context, resources, reuse?.aws);
  const cognito = new CognitoClient(moto.endpoint, region);
  const provisioned = await provisionCognitoOnce(stack, cognito, resources, context, reuse);
  // What reads the pools (a machine client's stored secret) comes after them.
  const afterCognito = await provisionAwsResources(stack, moto.endpoint, context, resources, reuse?.aws, 'afterCognito');
  const warnings: string[] = [
    ...provisioned.flatMap((pool) => pool.notEmulated), ...signInNotes(stack.template), ...aws.notes, ...afterCognito.notes,
  ];

  // The pools' domains start before the functions, whose URL map names them; the triggers, read
  // once the functions exist, fill the objects the front and the domains already hold.
  const poolTriggers = new Map<string, Record<string, LocalTrigger>>();
  const userPools: LocalUserPool[] = [];
  for (const provisionedPool of provisioned) {
    const triggers: Record<string, LocalTrigger> = {};
    poolTriggers.set(provisionedPool.logicalId, triggers);
    // The issuer mode is decided here, once: the front, the domain and the authorizers follow it.
    const issuer = shared.localIssuers ? `${shared.frontUrl}/${provisionedPool.userPoolId}` : provisionedPool.issuer;
    shared.localIssuers?.set(provisionedPool.issuer, issuer);
    const path = constructPath(stack, provisionedPool.logicalId);
    const properties = stack.template.Resources?.[provisionedPool.logicalId]?.Properties;
    const signIn = poolSignIn(properties, context);
    const located = { ...provisionedPool, issuer, ...path ? { path } : {} };
    const pool = await startPoolDomain(stack, located, region, cognito, triggers, shared, templateFirstFactors(properties, context));
    shared.registerFrontPool({
      userPoolId: pool.userPoolId,
      issuer,
      oauthUrl: pool.oauth?.url,
      region,
      clientIds: pool.clients.map((c) => c.clientId),
      triggers,
      signIn,
      mfa: poolMfa(stack.template.Resources?.[pool.logicalId]?.Properties, context),
      ...pool.domain ? { domain: { name: pool.domain, custom: !!pool.customDomain, ...pool.domainSettings } } : {},
    });
    userPools.push(pool);
  }

  const iam = new IamAuthorizer(readIamPrincipals(stack, context), region);
  const byArn = startFunctions(stack, context, shared, warnings, iam);

  for (const pool of userPools) {
    const lambdaConfig = stack.template.Resources?.[pool.logicalId]?.Properties?.LambdaConfig;
    const { triggers, notes } = readTriggers(pool.logicalId, lambdaConfig, context, byArn);
    Object.assign(poolTriggers.get(pool.logicalId) ?? {}, triggers);
    warnings.push(...notes);
  }

  const stackFunctions = shared.functions.filter((fn) => [...byArn.values()].includes(fn));
  const sources = await startEventSources(stack, context, resources, stackFunctions, moto.endpoint, shared.log);
  shared.eventSources.push(sources);
  warnings.push(...sources.notes);

  const apis = await startApis(stack, context, resources, byArn, shared, iam);

  // The outputs that name an emulated endpoint point at it: the APIs' URLs, and the pool domains'
  // (TokenUrl, the sign-in URLs: https://<domain>/… → the local OAuth 2.0 endpoints).
  const domains = userPools.flatMap((pool) => pool.oauth ? [{ from: `${pool.oauth.hostedUrl}/`, to: `${pool.oauth.url}/` }] : []);
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(stack.template.Outputs ?? {})) {
    const value = tryResolve(localUrlOutput(output.Value, stack, apis), context).value;
    if (typeof value === 'string') outputs[name] = mapUrl(value, domains);
  }
  const physicalIds = Object.fromEntries([...resources].map(([logicalId, resolved]) => [logicalId, resolved.ref]));
  const iamPrincipals = Object.fromEntries(iam.principals.map((principal) => [principal.logicalId, principalInfo(principal)]));
  return { id: stack.id, stackName: stack.stackName, region, apis, userPools, outputs, iamPrincipals, physicalIds, warnings };
}

/** A resource's construct path, as the CDK CLI records it (`aws:cdk:path` metadata). */
function constructPath(stack: AssemblyStack, logicalId: string): string | undefined {
  const value = stack.template.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'];
  return typeof value === 'string' ? value : undefined;
}

/** The managed login page's first factors: the template's `SignInPolicy.AllowedFirstAuthFactors` (default `PASSWORD`). */
function templateFirstFactors(properties: Record<string, any> | undefined, context: IntrinsicContext): readonly string[] {
  const { value } = tryResolve(properties?.Policies?.SignInPolicy?.AllowedFirstAuthFactors, context);
  return Array.isArray(value) ? value : ['PASSWORD'];
}

/** The pool's passkey settings, as its template sets them. */
function poolSignIn(properties: Record<string, any> | undefined, context: IntrinsicContext): PoolSignIn {
  const { value } = tryResolve({
    rp: properties?.WebAuthnRelyingPartyID,
    uv: properties?.WebAuthnUserVerification,
  }, context);
  return {
    relyingPartyId: typeof value?.rp === 'string' ? value.rp : undefined,
    userVerification: typeof value?.uv === 'string' ? value.uv : 'preferred',
  };
}

/** The pool's MFA factors (`EnabledMfas`) as GetUserPoolMfaConfig describes them (with `MfaConfiguration` OFF, none). */
function poolMfa(properties: Record<string, any> | undefined, context: IntrinsicContext): Record<string, unknown> {
  const read = (value: unknown) => tryResolve(value, context).value;
  const mfa = read(properties?.MfaConfiguration);
  const enabled = read(properties?.EnabledMfas);
  const factors: unknown[] = mfa && mfa !== 'OFF' && Array.isArray(enabled) ? enabled : [];
  return {
    ...factors.includes('SOFTWARE_TOKEN_MFA') ? { SoftwareTokenMfaConfiguration: { Enabled: true } } : {},
    ...factors.includes('SMS_MFA') ? {
      SmsMfaConfiguration: {
        SmsAuthenticationMessage: read(properties?.SmsAuthenticationMessage), SmsConfiguration: read(properties?.SmsConfiguration),
      },
    } : {},
    ...factors.includes('EMAIL_OTP') ? {
      EmailMfaConfiguration: { Message: read(properties?.EmailAuthenticationMessage), Subject: read(properties?.EmailAuthenticationSubject) },
    } : {},
  };
}

/** A pool with a domain gets its OAuth 2.0 endpoints on 127.0.0.1 (the same port across --watch reloads). */
async function startPoolDomain(
  stack: AssemblyStack, pool: LocalUserPool, region: string, cognito: CognitoClient, triggers: Record<string, LocalTrigger>, shared: RunnerShared,
  firstFactors: readonly string[],
): Promise<LocalUserPool> {
  if (!pool.domain) return pool;
  const portKey = `${stack.id}/${pool.logicalId}/oauth`;
  const server = new LocalOAuthServer({
    userPoolId: pool.userPoolId,
    region,
    issuer: pool.issuer,
    jwksUri: `${shared.frontUrl}/${pool.userPoolId}/.well-known/jwks.json`,
    cognito,
    front: new CognitoClient(shared.frontUrl, region),
    firstFactors,
    signer: shared.signer,
    triggers,
    identityProviders: pool.identityProviders,
    log: shared.log,
    port: shared.reuse?.ports.get(portKey),
  });
  shared.servers.push(server);
  const url = await server.start();
  shared.reuse?.ports.set(portKey, Number(new URL(url).port));
  const hostedUrl = pool.customDomain ? `https://${pool.domain}` : `https://${pool.domain}.auth.${region}.amazoncognito.com`;
  // The issuer's documents are the Cognito endpoint's (see front/well-known.ts).
  shared.urlMappings.unshift({ from: `${hostedUrl}/`, to: `${url}/` });
  return { ...pool, oauth: { hostedUrl, url } };
}

/** The stack's functions on local workers: each function's ARN → the function, or why it does not run. */
function startFunctions(
  stack: AssemblyStack, context: IntrinsicContext, shared: RunnerShared, warnings: string[], iam: IamAuthorizer,
): Map<string, LocalFunction | string> {
  const byArn = new Map<string, LocalFunction | string>();
  const entries = readFunctions(stack, context);
  const lambda = lambdaEnvironment({
    motoEndpoint: shared.moto.endpoint,
    motoPython: shared.moto.python,
    assemblyDir: shared.assemblyDir,
    definitions: entries.flatMap((entry) => entry.definition ? [entry.definition] : []),
    python: shared.python,
    log: shared.log,
  });
  warnings.push(...lambda.notes);
  for (const entry of entries) {
    warnings.push(...entry.warnings);
    const target = { functionName: entry.functionArn.split(':')[6], functionArn: entry.functionArn, logicalId: entry.logicalId };
    if (!entry.definition) {
      byArn.set(entry.functionArn, entry.unsupported!);
      shared.invokeTargets.push({ ...target, fn: entry.unsupported! });
      continue;
    }
    // Its execution role's session, as Lambda gives it (the emulated services accept any key).
    const role = iam.principals.find((principal) => principal.arn === entry.roleArn);
    const sharedEnvironment: Record<string, string> = {
      ...lambda.environment,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: shared.frontUrl,
      // A function that invokes another (the version-3 pre-token-generation trigger invokes the app's own) reaches the runner's.
      AWS_ENDPOINT_URL_LAMBDA: shared.lambdaUrl,
      // The shipped Lambda authorizer accepts a configured Cognito issuer's local issuer too.
      ...shared.localIssuers ? { CDK_LOCAL_ISSUER_MAP: JSON.stringify(Object.fromEntries(shared.localIssuers)) } : {},
      ...role ? credentialsEnvironment(iam.credentials(role, entry.definition.functionName)) : {},
    };
    // Read when a sandbox starts (after the APIs, whose public URLs the map gains then).
    Object.defineProperty(sharedEnvironment, 'CDK_LOCAL_URL_MAP', { enumerable: true, get: () => JSON.stringify(shared.urlMappings) });
    const fn = new LocalFunction(entry.definition, { log: shared.log, python: shared.python, sharedEnvironment });
    shared.functions.push(fn);
    shared.invokeTargets.push({ ...target, fn });
    byArn.set(entry.functionArn, fn);
  }
  return byArn;
}

/** One local gateway per HTTP API; the template's API URL outputs point at it from then on. */
async function startApis(
  stack: AssemblyStack, context: IntrinsicContext, resources: Map<string, ResolvedResource>, byArn: ReadonlyMap<string, LocalFunction | string>,
  shared: RunnerShared, iam: IamAuthorizer,
): Promise<LocalApiInfo[]> {
  const apis: LocalApiInfo[] = [];
  for (const api of readHttpApis(stack, context, byArn, shared.jwks, (issuer) => shared.localIssuers?.get(issuer) ?? issuer, iam)) {
    const portKey = `${stack.id}/${api.logicalId}`;
    const port = shared.reuse?.ports.get(portKey) ?? shared.nextPort;
    const onAccessLog = shared.onAccessLog;
    const gateway = new LocalGateway(api, { port, log: shared.log, onAccessLog: onAccessLog && ((entry) => onAccessLog(entry, stack.id)) });
    shared.servers.push(gateway);
    const url = await gateway.start();
    shared.reuse?.ports.set(portKey, Number(new URL(url).port));
    if (shared.nextPort) shared.nextPort++;
    resources.set(api.logicalId, { ref: api.apiId, attributes: { ApiId: api.apiId, ApiEndpoint: url.replace(/\/$/, '') } });
    // A function calling the API by its public URL (`HttpApi.url`, or `apiEndpoint` as the functions got it) reaches it here.
    for (const host of [`${api.apiId}.execute-api.${api.region}.amazonaws.com`, `${api.apiId}.execute-api.local`]) {
      shared.urlMappings.push({ from: `https://${host}/`, to: `${new URL(url).origin}/` });
    }
    const path = constructPath(stack, api.logicalId);
    apis.push({
      logicalId: api.logicalId,
      ...path ? { path } : {},
      name: api.name,
      url,
      routes: api.routes.map((route) => ({
        routeKey: route.routeKey,
        authorization: describeAuthorization(route),
        notRunnable: route.authorizer.kind === 'unsupported' ? route.authorizer.reason
          : route.integration.kind === 'unsupported' ? route.integration.reason : undefined,
        ...route.authorizer.kind === 'iam' ? { iamGrantedTo: iam.grantedTo(executeApiArn(api, ...sampleRequest(route.routeKey))) } : {},
      })),
    });
  }
  return apis;
}

/** The method (`GET` for `ANY`) and path (each path parameter `check-access`) that stand for a route key. */
export function sampleRequest(routeKey: string): [string, string] {
  const [method, path] = routeKey.split(' ');
  return [method === 'ANY' ? 'GET' : method, path.replace(/\{[^}]+\}/g, 'check-access')];
}

function describeAuthorization(route: LocalRoute): string {
  const authorizer = route.authorizer;
  switch (authorizer.kind) {
    case 'none': return 'public';
    case 'jwt': return `JWT ${authorizer.name}${authorizer.scopes.length ? ` (scopes: ${authorizer.scopes.join(' ')})` : ''}`;
    case 'lambda': return `Lambda authorizer ${authorizer.name}`;
    case 'iam': return 'IAM (SigV4)';
    default: return 'not emulated';
  }
}

/**
 * `https://<api id>.execute-api.<region>.<suffix>/` (what `HttpApi.url` synthesizes to) → the local
 * API's URL, so outputs read by scripts and frontends work unchanged.
 */
function localUrlOutput(value: unknown, stack: AssemblyStack, apis: readonly LocalApiInfo[]): unknown {
  const join = (value as any)?.['Fn::Join'];
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return value;
  const parts: unknown[] = join[1];
  const apiRef = parts.find((part: any) => typeof part?.Ref === 'string' && stack.template.Resources?.[part.Ref]?.Type === 'AWS::ApiGatewayV2::Api') as { Ref: string } | undefined;
  if (!apiRef || parts[0] !== 'https://' || !parts.some((part) => typeof part === 'string' && part.startsWith('.execute-api.'))) return value;
  const api = apis.find((candidate) => candidate.logicalId === apiRef.Ref);
  if (!api) return value;
  const last = parts[parts.length - 1];
  const suffix = typeof last === 'string' && last.startsWith('/') ? last.slice(1) : '';
  return `${api.url}${suffix}`;
}

/**
 * The stack's Cognito resources, created once: a --watch reload reuses the pools (their users and
 * keys survive) and the ids the first start recorded.
 */
async function provisionCognitoOnce(
  stack: AssemblyStack, client: CognitoClient, resources: Map<string, ResolvedResource>, context: IntrinsicContext, reuse: RunnerReuse | undefined,
): Promise<ProvisionedPool[]> {
  const kept = reuse?.cognito.get(stack.id);
  if (kept) {
    for (const [logicalId, resolved] of kept.resources) resources.set(logicalId, resolved);
    // What this version of the template adds to Cognito is not created: said once per reload.
    const known = new Set(kept.resources.map(([logicalId]) => logicalId));
    const added = Object.entries(stack.template.Resources ?? {})
      .filter(([logicalId, resource]) => resource.Type.startsWith('AWS::Cognito::') && !known.has(logicalId))
      .map(([logicalId, resource]) => `${resource.Type.replace('AWS::Cognito::', '')} ${logicalId}`);
    if (added.length) reuse!.notApplied.push(`${stack.id}: ${added.join(', ')}`);
    return kept.pools;
  }
  const before = new Map(resources);
  const pools = await provisionCognito(stack, client, resources, context);
  reuse?.cognito.set(stack.id, { pools, resources: [...resources].filter(([logicalId, resolved]) => before.get(logicalId) !== resolved) });
  return pools;
}
