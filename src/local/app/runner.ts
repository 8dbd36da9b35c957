import * as fs from 'fs';
import * as path from 'path';
import { AccessLogEntry } from '../api/gateway';
import { JwksCache } from '../api/jwks';
import { AssemblyStack, readAssembly } from '../assembly';
import { CognitoFront, MESSAGES_PATH } from '../cognito/front';
import { CognitoTokenSigner } from '../cognito/tokens';
import { LambdaInvokeApi } from '../lambda/invoke-api';
import { UrlMapping } from '../url-map';
import { MotoServer, startMoto } from './moto';
import { LocalStackInfo, RunnerReuse, RunnerShared, startStack } from './stack-starter';

export type { LocalApiInfo, LocalStackInfo, LocalUserPool, RunnerReuse } from './stack-starter';

/**
 * Starts everything for a cloud assembly: the Cognito emulator (moto) and the Cognito endpoint in
 * front of it, then each selected stack ({@link startStack}), then the endpoints file. `stop()` ends
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
  /**
   * The `iss` of the pools' tokens. `aws` (the default): Cognito's own,
   * `https://cognito-idp.<region>.amazonaws.com/<poolId>`, for handlers that compare it. `local`:
   * `<cognitoEndpoint>/<poolId>`, where the Cognito endpoint serves the pool's
   * `/.well-known/openid-configuration` and `/.well-known/jwks.json`, so that OIDC libraries (which
   * require the discovery document's `issuer` to equal the URL it was fetched from) work unmodified.
   */
  readonly issuer?: 'aws' | 'local';
  /** Region of environment-agnostic stacks. Default `us-east-1`. */
  readonly defaultRegion?: string;
  /** moto's virtualenv; default {@link defaultVenvDir}. */
  readonly motoVenv?: string;
  /** Extra public-URL → local-URL mappings (external issuers' keys). */
  readonly urlMappings?: readonly UrlMapping[];
  /** Where to write the endpoints file; `false` for none. Default {@link defaultEndpointsFile}. */
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

export interface LocalRunner {
  /** The Cognito endpoint: the runner's front of moto (triggers run, tokens issued as Cognito's). */
  readonly cognitoEndpoint: string;
  /** `GET` it for the messages the local Cognito sent (codes, invitations; `?pool=&username=&kind=`): `<cognitoEndpoint>/local/messages`. */
  readonly messagesUrl: string;
  /** The Cognito emulator's (moto's) process id. */
  readonly cognitoEmulatorPid?: number;
  /** moto's own endpoint: every AWS service the runner emulates (DynamoDB, S3, SQS…), what `AWS_ENDPOINT_URL` of the functions names. */
  readonly awsEndpoint: string;
  /** The Lambda endpoint: `Invoke` of the app's functions (`aws lambda invoke --endpoint-url`, the SDKs' Lambda clients). */
  readonly lambdaEndpoint: string;
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

/** The endpoints file (`--endpoints`, `local-endpoints.json`): what scripts and tests in any language read. */
export interface EndpointsDocument {
  readonly cognitoEndpoint: string;
  /** `GET` it for the codes and invitations sent (`?username=&pool=&kind=`). */
  readonly messages: string;
  readonly awsEndpoint: string;
  /** `POST <lambdaEndpoint>/2015-03-31/functions/{FunctionName}/invocations`: the Lambda API's Invoke, for every stack's functions. */
  readonly lambdaEndpoint: string;
  readonly cognitoEmulatorPid?: number;
  readonly stacks: readonly LocalStackInfo[];
}

export const DEFAULT_REGION = 'us-east-1';

/** `local-endpoints.json` beside the assembly directory. */
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

export async function startLocal(options: LocalRunnerOptions): Promise<LocalRunner> {
  const log = options.log ?? (() => {});
  const all = readAssembly(options.assemblyDir);
  const selected = all.filter((stack) => matchesFilter(stack, options.stacks));
  if (selected.length === 0) {
    throw new Error(`no stack matches ${options.stacks?.join(', ')}; the assembly has: ${all.map((stack) => stack.id).join(', ') || 'no stacks'}`);
  }
  const regionOf = (stack: AssemblyStack) => stack.region ?? options.defaultRegion ?? DEFAULT_REGION;

  const functions: RunnerShared['functions'] = [];
  const servers: RunnerShared['servers'] = [];
  const eventSources: RunnerShared['eventSources'] = [];
  const stopSync = () => functions.forEach((fn) => fn.stop());
  process.once('exit', stopSync);
  let moto: MotoServer | undefined;
  const stop = async () => {
    process.off('exit', stopSync);
    eventSources.forEach((sources) => sources.stop());
    await Promise.all(servers.map((server) => server.stop()));
    stopSync();
    if (!options.moto) await moto?.stop();
  };

  try {
    moto = options.moto ?? await startMoto({ venv: options.motoVenv, port: 0, log });
    const signer = await CognitoTokenSigner.create(moto.python, options.reuse?.keys);
    const front = new CognitoFront(moto.endpoint, signer, log, options.reuse?.front, options.issuer);
    servers.push(front);
    await front.start(options.reuse?.ports.get('cognito') ?? options.cognitoPort ?? 0);
    options.reuse?.ports.set('cognito', Number(new URL(front.url).port));
    const lambdaApi = new LambdaInvokeApi(log);
    servers.push(lambdaApi);
    await lambdaApi.start(options.reuse?.ports.get('lambda') ?? 0);
    options.reuse?.ports.set('lambda', Number(new URL(lambdaApi.url).port));
    // The AWS issuers' URLs (`<issuer>/.well-known/…`) reach the front, which serves the pools' keys.
    const urlMappings: UrlMapping[] = [
      ...[...new Set(selected.map(regionOf))].map((region) => ({ from: `https://cognito-idp.${region}.amazonaws.com/`, to: `${front.url}/` })),
      ...options.urlMappings ?? [],
    ];

    const shared: RunnerShared = {
      moto,
      frontUrl: front.url,
      lambdaUrl: lambdaApi.url,
      registerFrontPool: (pool) => front.registerPool(pool),
      signer,
      localIssuers: options.issuer === 'local' ? new Map() : undefined,
      jwks: new JwksCache(urlMappings),
      urlMappings,
      functions,
      invokeTargets: lambdaApi.targets,
      servers,
      eventSources,
      assemblyDir: options.assemblyDir,
      python: options.python,
      reuse: options.reuse,
      log,
      onAccessLog: options.onAccessLog,
      nextPort: options.port ?? 0,
    };
    const stacks: LocalStackInfo[] = [];
    for (const stack of selected) stacks.push(await startStack(stack, regionOf(stack), shared));

    const endpointsFile = options.endpointsFile === false ? undefined : options.endpointsFile ?? defaultEndpointsFile(options.assemblyDir);
    if (endpointsFile) {
      const document: EndpointsDocument = {
        cognitoEndpoint: front.url, messages: `${front.url}${MESSAGES_PATH}`, awsEndpoint: moto.endpoint, lambdaEndpoint: lambdaApi.url, cognitoEmulatorPid: moto.pid, stacks,
      };
      fs.writeFileSync(endpointsFile, JSON.stringify(document, null, 2) + '\n');
    }
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
      cognitoEndpoint: front.url,
      messagesUrl: `${front.url}${MESSAGES_PATH}`,
      cognitoEmulatorPid: moto.pid,
      awsEndpoint: moto.endpoint,
      lambdaEndpoint: lambdaApi.url,
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
