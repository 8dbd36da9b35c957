import * as fs from 'fs';
import * as path from 'path';
import { AssemblyStack, readAssembly } from '../assembly';
import { ProvisionCache, provisionAwsResources } from '../aws-resources';
import { CognitoClient } from '../cognito/client';
import { CognitoFront, FrontPool } from '../cognito/front';
import { provisionCognito, ProvisionedPool } from '../cognito/provisioner';
import { CognitoTokenSigner } from '../cognito/tokens';
import { LocalTrigger, readTriggers } from '../cognito/triggers';
import { EventSources, startEventSources } from '../lambda/event-sources';
import { readFunctions, registerFunctions } from '../lambda/functions';
import { AccessLogEntry, LocalGateway } from '../api/gateway';
import { LocalRoute, readHttpApis, registerApiResources } from '../api/http-api-model';
import { IntrinsicContext, ResolvedResource, tryResolve } from '../intrinsics';
import { JwksCache } from '../api/jwks';
import { lambdaEnvironment } from '../lambda/environment';
import { LocalFunction } from '../lambda/runner';
import { MotoServer, startMoto } from './moto';
import { LocalOAuthServer } from '../cognito/oauth-server';
import { signInNotes } from '../cognito/sign-in-notes';
import { UrlMapping } from '../url-map';

/**
 * Starts everything for a cloud assembly: the Cognito emulator (moto), the stacks' pools and clients
 * in it, their Lambda functions and one local HTTP API per `AWS::ApiGatewayV2::Api`. `stop()` ends
 * every process and server it started.
 */

export interface LocalRunnerOptions {
  /** The cloud assembly directory (`cdk.out`). */
  readonly assemblyDir: string;
  /** Stack ids or names to run (`*` wildcards); default all. */
  readonly stacks?: readonly string[];
  /** Port of the first API; the next APIs take the next ports. 0 = free ports. Default 0. */
  readonly port?: number;
  /** Port of the Cognito endpoint (the front of the emulator). Default 0 (a free port). */
  readonly cognitoPort?: number;
  /** Region of environment-agnostic stacks. Default `us-east-1`. */
  readonly defaultRegion?: string;
  /** moto's virtualenv; default {@link defaultVenvDir}. */
  readonly motoVenv?: string;
  /** Extra public-URL → local-URL mappings (external issuers' keys). */
  readonly urlMappings?: readonly UrlMapping[];
  /** Where to write the endpoints file; `false` for none. Default `<assembly dir>/../local-endpoints.json`... see {@link defaultEndpointsFile}. */
  readonly endpointsFile?: string | false;
  readonly python?: string;
  /** Progress messages and the handlers' output. */
  readonly log?: (line: string) => void;
  readonly onAccessLog?: (entry: AccessLogEntry, stackId: string) => void;
  /** A running emulator to use (and leave running on `stop()`), e.g. across --watch reloads. */
  readonly moto?: MotoServer;
  /** What a --watch reload reuses: the resources created in the emulator, the APIs' ports. */
  readonly reuse?: RunnerReuse;
}

/** Kept across --watch reloads: the emulator's resources (by stack and logical id) and each API's port. */
export interface RunnerReuse {
  readonly aws: ProvisionCache;
  readonly ports: Map<string, number>;
  readonly cognito: Map<string, { readonly pools: ProvisionedPool[]; readonly resources: ReadonlyArray<[string, ResolvedResource]> }>;
}

export interface LocalApiInfo {
  readonly logicalId: string;
  readonly name: string;
  readonly url: string;
  readonly routes: ReadonlyArray<{ readonly routeKey: string; readonly authorization: string; readonly notRunnable?: string }>;
}

/** A user pool as the runner runs it: with its local OAuth 2.0 endpoints when it has a domain. */
export interface LocalUserPool extends ProvisionedPool {
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
  readonly warnings: readonly string[];
}

export interface LocalRunner {
  /** The Cognito endpoint: the runner's front of moto (triggers run, tokens issued as Cognito's). */
  readonly cognitoEndpoint: string;
  /** The Cognito emulator's (moto's) process id. */
  readonly cognitoEmulatorPid?: number;
  /** moto's own endpoint: every AWS service the runner emulates (DynamoDB, S3, SQS…), what `AWS_ENDPOINT_URL` of the functions names. */
  readonly awsEndpoint: string;
  /**
   * Settles (never rejects) if the runner had to stop on its own: moto exited while the runner was
   * serving. By then everything is stopped and the reason was logged.
   */
  readonly failed: Promise<Error>;
  readonly stacks: readonly LocalStackInfo[];
  /** The endpoints file written, if any. */
  readonly endpointsFile?: string;
  stack(id: string): LocalStackInfo;
  stop(): Promise<void>;
}

export const DEFAULT_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '123456789012';

export function defaultEndpointsFile(assemblyDir: string): string {
  return path.join(path.dirname(path.resolve(assemblyDir)), 'local-endpoints.json');
}

function matchesFilter(stack: AssemblyStack, filters: readonly string[] | undefined): boolean {
  if (!filters?.length) return true;
  return filters.some((filter) => {
    const pattern = new RegExp(`^${filter.split('*').map((part) => part.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*')}$`);
    return pattern.test(stack.id) || pattern.test(stack.stackName);
  });
}

function describeAuthorization(route: LocalRoute): string {
  const authorizer = route.authorizer;
  switch (authorizer.kind) {
    case 'none': return 'public';
    case 'jwt': return `JWT ${authorizer.name}${authorizer.scopes.length ? ` (scopes: ${authorizer.scopes.join(' ')})` : ''}`;
    case 'lambda': return `Lambda authorizer ${authorizer.name}`;
    default: return 'not emulated';
  }
}

export async function startLocal(options: LocalRunnerOptions): Promise<LocalRunner> {
  const log = options.log ?? (() => {});
  const all = readAssembly(options.assemblyDir);
  const selected = all.filter((stack) => matchesFilter(stack, options.stacks));
  if (selected.length === 0) {
    throw new Error(`no stack matches ${options.stacks?.join(', ')}; the assembly has: ${all.map((stack) => stack.id).join(', ') || 'no stacks'}`);
  }

  const functions: LocalFunction[] = [];
  const gateways: LocalGateway[] = [];
  const oauthServers: Array<{ stop(): Promise<void> }> = [];
  const eventSources: EventSources[] = [];
  const stopSync = () => functions.forEach((fn) => fn.stop());
  process.once('exit', stopSync);
  let moto: MotoServer | undefined;
  const stop = async () => {
    process.off('exit', stopSync);
    eventSources.forEach((sources) => sources.stop());
    await Promise.all([...gateways, ...oauthServers].map((server) => server.stop()));
    stopSync();
    if (!options.moto) await moto?.stop();
  };

  try {
    moto = options.moto ?? await startMoto({ venv: options.motoVenv, port: 0, log });
    const regions = new Set(selected.map((stack) => stack.region ?? options.defaultRegion ?? DEFAULT_REGION));
    const urlMappings: UrlMapping[] = [
      ...[...regions].map((region) => ({ from: `https://cognito-idp.${region}.amazonaws.com/`, to: `${moto!.endpoint}/` })),
      ...options.urlMappings ?? [],
    ];
    const jwks = new JwksCache(urlMappings);
    const signer = await CognitoTokenSigner.fromMoto(moto.python);
    const frontPools: FrontPool[] = [];
    const front = new CognitoFront(moto.endpoint, frontPools, signer, log);
    oauthServers.push(front);
    await front.start(options.reuse?.ports.get('cognito') ?? options.cognitoPort ?? 0);
    options.reuse?.ports.set('cognito', Number(new URL(front.url).port));
    const stacks: LocalStackInfo[] = [];
    let nextPort = options.port ?? 0;

    for (const stack of selected) {
      const region = stack.region ?? options.defaultRegion ?? DEFAULT_REGION;
      const resources = new Map<string, ResolvedResource>();
      const context: IntrinsicContext = { region, account: stack.account ?? LOCAL_ACCOUNT, stackName: stack.stackName, resources };
      // Every resource gets a placeholder id; the emulated ones get real ids below.
      for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
        const service = resource.Type.split('::')[1]?.toLowerCase() ?? 'local';
        resources.set(logicalId, { ref: `local-${logicalId}`, attributes: { Arn: `arn:aws:${service}:${region}:${context.account}:local/${logicalId}` } });
      }
      registerApiResources(stack, resources);
      registerFunctions(stack, context, resources);
      const aws = await provisionAwsResources(stack, moto.endpoint, context, resources, options.reuse?.aws);
      const cognito = new CognitoClient(moto.endpoint, region);
      const provisioned = await provisionCognitoOnce(stack, cognito, resources, context, options.reuse);
      const warnings: string[] = [...provisioned.flatMap((pool) => pool.notEmulated), ...signInNotes(stack.template), ...aws.notes];
      // OAuth 2.0 endpoints of the pools with a domain: started before the functions, whose URL map names them.
      const poolTriggers = new Map<string, Record<string, LocalTrigger>>();
      const userPools: LocalUserPool[] = [];
      for (const pool of provisioned) {
        const triggers: Record<string, LocalTrigger> = {};
        poolTriggers.set(pool.logicalId, triggers);
        frontPools.push({ userPoolId: pool.userPoolId, issuer: pool.issuer, region, clientIds: pool.clients.map((c) => c.clientId), triggers });
        if (!pool.domain) {
          userPools.push(pool);
          continue;
        }
        const oauthPortKey = `${stack.id}/${pool.logicalId}/oauth`;
        const port = options.reuse?.ports.get(oauthPortKey);
        const server = new LocalOAuthServer({ userPoolId: pool.userPoolId, region, issuer: pool.issuer, cognito, signer, triggers, log, port });
        oauthServers.push(server);
        const url = await server.start();
        options.reuse?.ports.set(oauthPortKey, Number(new URL(url).port));
        const hostedUrl = pool.customDomain ? `https://${pool.domain}` : `https://${pool.domain}.auth.${region}.amazoncognito.com`;
        urlMappings.unshift(
          { from: `${hostedUrl}/`, to: `${url}/` },
          { from: `${pool.issuer}/.well-known/openid-configuration`, to: `${url}/.well-known/openid-configuration` },
        );
        userPools.push({ ...pool, oauth: { hostedUrl, url } });
      }

      const byArn = new Map<string, LocalFunction | string>();
      const entries = readFunctions(stack, context);
      const lambda = lambdaEnvironment({
        motoEndpoint: moto.endpoint,
        motoPython: moto.python,
        assemblyDir: options.assemblyDir,
        definitions: entries.flatMap((entry) => entry.definition ? [entry.definition] : []),
        python: options.python,
        log,
      });
      warnings.push(...lambda.notes);
      for (const entry of entries) {
        warnings.push(...entry.warnings);
        if (entry.definition) {
          const fn = new LocalFunction(entry.definition, {
            log,
            python: options.python,
            sharedEnvironment: {
              ...lambda.environment,
              CDK_LOCAL_URL_MAP: JSON.stringify(urlMappings),
              AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: front.url,
            },
          });
          functions.push(fn);
          byArn.set(entry.functionArn, fn);
        } else {
          byArn.set(entry.functionArn, entry.unsupported!);
        }
      }

      for (const pool of userPools) {
        const lambdaConfig = stack.template.Resources?.[pool.logicalId]?.Properties?.LambdaConfig;
        const { triggers, notes } = readTriggers(pool.logicalId, lambdaConfig, context, byArn);
        Object.assign(poolTriggers.get(pool.logicalId) ?? {}, triggers);
        warnings.push(...notes);
      }

      const stackFunctions = functions.filter((fn) => entries.some((entry) => entry.definition === fn.definition));
      const sources = await startEventSources(stack, context, resources, stackFunctions, moto.endpoint, log);
      eventSources.push(sources);
      warnings.push(...sources.notes);

      const apis: LocalApiInfo[] = [];
      for (const api of readHttpApis(stack, context, byArn, jwks)) {
        const portKey = `${stack.id}/${api.logicalId}`;
        const port = options.reuse?.ports.get(portKey) ?? nextPort;
        const gateway = new LocalGateway(api, { port, log, onAccessLog: (entry) => options.onAccessLog?.(entry, stack.id) });
        gateways.push(gateway);
        const url = await gateway.start();
        options.reuse?.ports.set(portKey, Number(new URL(url).port));
        if (nextPort) nextPort++;
        // The template's API URL outputs point at the local API from now on.
        resources.set(api.logicalId, { ref: api.apiId, attributes: { ApiId: api.apiId, ApiEndpoint: url.replace(/\/$/, '') } });
        apis.push({
          logicalId: api.logicalId,
          name: api.name,
          url,
          routes: api.routes.map((route) => ({
            routeKey: route.routeKey,
            authorization: describeAuthorization(route),
            notRunnable: route.authorizer.kind === 'unsupported' ? route.authorizer.reason
              : route.integration.kind === 'unsupported' ? route.integration.reason : undefined,
          })),
        });
      }

      const outputs: Record<string, string> = {};
      for (const [name, output] of Object.entries(stack.template.Outputs ?? {})) {
        const value = tryResolve(localUrlOutput(output.Value, stack, apis), context).value;
        if (typeof value === 'string') outputs[name] = value;
      }
      stacks.push({ id: stack.id, stackName: stack.stackName, region, apis, userPools, outputs, warnings });
    }

    const endpointsFile = options.endpointsFile === false ? undefined : options.endpointsFile ?? defaultEndpointsFile(options.assemblyDir);
    if (endpointsFile) {
      fs.writeFileSync(endpointsFile, JSON.stringify({ cognitoEndpoint: front.url, awsEndpoint: moto.endpoint, cognitoEmulatorEndpoint: moto.endpoint, cognitoEmulatorPid: moto.pid, stacks }, null, 2) + '\n');
    }
    const cognitoEndpoint = front.url;
    const failed = new Promise<Error>((resolveFailed) => {
      moto!.onUnexpectedExit((how) => {
        const error = new Error(
          `the Cognito emulator (moto, pid ${moto!.pid}) exited unexpectedly (${how}); the local APIs are stopped, since ` +
          'sign-up, sign-in and the pools\' keys are gone with it. Start the runner again.',
        );
        log(`cdk-cognito-protected-http-api: ${error.message}`);
        stop().then(() => resolveFailed(error), () => resolveFailed(error));
      });
    });
    return {
      cognitoEndpoint,
      cognitoEmulatorPid: moto.pid,
      awsEndpoint: moto.endpoint,
      failed,
      stacks,
      endpointsFile,
      stack: (id) => {
        const found = stacks.find((stack) => stack.id === id || stack.stackName === id);
        if (!found) throw new Error(`stack ${id} is not running; running: ${stacks.map((stack) => stack.id).join(', ')}`);
        return found;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
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
    return kept.pools;
  }
  const before = new Map(resources);
  const pools = await provisionCognito(stack, client, resources, context);
  reuse?.cognito.set(stack.id, { pools, resources: [...resources].filter(([logicalId, resolved]) => before.get(logicalId) !== resolved) });
  return pools;
}
