import { parseArgs } from 'util';
import { checkAccessCommand } from './check-access/check-access';
import { MOTO_REQUIREMENT, MOTO_VENV_ENV, UV_VERSION, defaultVenvDir } from './moto';
import { DEFAULT_REGION, LocalRunner, LocalRunnerOptions, defaultEndpointsFile, startLocal } from './runner';
import { parseUrlMapping } from '../url-map';
import { readCdkJson, startWatching } from './watch';

/**
 * `cdk-cognito-protected-http-api local`: runs a synthesized CDK app's user pools and HTTP APIs on
 * this machine. Bundled into `lib/local/cli.js` (the package's bin).
 */

const HELP = `Usage: cdk-cognito-protected-http-api local [options]
       cdk-cognito-protected-http-api check-access [options]  (calls every route as each kind of caller: check-access --help)

Runs the user pools, HTTP APIs, authorizers and Lambda functions of a synthesized CDK app on
127.0.0.1: Cognito is emulated by moto (${MOTO_REQUIREMENT}, installed into a cache on first use with
uv ${UV_VERSION}: about 10 s; with pip when uv cannot be had: about a minute), API Gateway and Lambda by this
runner. Synthesize first: "cdk synth" writes cdk.out/.

Options:
  --app <dir>           the cloud assembly (default: cdk.out)
  --stack <id>          run only this stack (id or name, * wildcards; repeatable)
  --port <n>            port of the first HTTP API, the next APIs use the next ports (default: 3001; 0 = any)
  --cognito-port <n>    port of the Cognito endpoint (default: any free port)
  --region <region>     region of environment-agnostic stacks (default: ${DEFAULT_REGION})
  --issuer <aws|local>  the tokens' iss (default: aws). aws: https://cognito-idp.<region>.amazonaws.com/<pool id>,
                        for handlers that compare it. local: <Cognito endpoint>/<pool id>, which serves the
                        pool's /.well-known/openid-configuration and jwks.json, for OIDC libraries
                        (openid-client, oidc-client-ts…), which require the discovery document's issuer
                        to be the URL it came from; the JWT and Lambda authorizers accept it
  --map-url <from=to>   fetch <from>… at <to>… instead, e.g. an external issuer's keys:
                        --map-url https://example.eu.auth0.com/=http://127.0.0.1:9000/ (repeatable)
  --endpoints <file>    where to write the endpoints JSON (default: local-endpoints.json next to the assembly)
  --moto-venv <dir>     moto's virtualenv (default: $${MOTO_VENV_ENV} or ${defaultVenvDir()})
  --python <command>    interpreter for python* functions (default: python3)
  --watch               re-synthesize when the app's sources change and swap APIs, routes and functions;
                        moto keeps running (users, tables, items, objects, messages survive)
  --synth <command>     the synth command for --watch (default: cdk.json's "app"); it writes to $CDK_OUTDIR
  --quiet               no access log lines
  -h, --help            this help

Not emulated (see the README's "Run it locally"): SRP proofs and SECRET_HASH are accepted unchecked
(codes are checked: they are printed and served at <Cognito endpoint>/local/messages); a pool with a domain gets local OAuth 2.0 endpoints (a local sign-in page,
/oauth2/token with PKCE, client credentials and refresh tokens), where its pre-token-generation,
pre- and post-authentication triggers run (pre sign-up, post confirmation and custom message too,
through the Cognito endpoint); other triggers are not run (the start-up notes name them);
only Lambda proxy integrations (payload 2.0) on Node.js and Python.
`;

function printSummary(runner: LocalRunner, out: (line: string) => void): void {
  out(`Cognito: ${runner.cognitoEndpoint} (moto behind the runner's front: triggers run, tokens issued as Cognito's)`);
  out(`Codes and invitations sent: ${runner.messagesUrl} (also printed here, one line each)`);
  out(`Lambda (Invoke): ${runner.lambdaEndpoint} (aws lambda invoke --endpoint-url ${runner.lambdaEndpoint} --function-name <name, ARN or construct id> out.json)`);
  for (const stack of runner.stacks) {
    out('');
    out(`${stack.id} (${stack.region})`);
    for (const pool of stack.userPools) {
      out(`  user pool ${pool.logicalId}: ${pool.userPoolId}`);
      const local = pool.issuer.startsWith(`${runner.cognitoEndpoint}/`);
      out(`    issuer: ${pool.issuer} (${local ? `OIDC discovery: ${pool.issuer}/.well-known/openid-configuration`
        : `keys: ${runner.cognitoEndpoint}/${pool.userPoolId}/.well-known/jwks.json; --issuer local for OIDC libraries`})`);
      for (const client of pool.clients) out(`    client ${client.name ?? client.logicalId}: ${client.clientId}`);
      if (pool.oauth) {
        out(`    OAuth 2.0 endpoints (${pool.oauth.hostedUrl}): ${pool.oauth.url}`);
        out('      /oauth2/authorize (local sign-in page), /oauth2/token, /oauth2/revoke, /oauth2/userInfo, /logout, /.well-known/openid-configuration');
      }
      if (pool.groups.length) out(`    groups: ${pool.groups.join(', ')}`);
    }
    for (const api of stack.apis) {
      out(`  API ${api.name}: ${api.url}`);
      for (const route of api.routes) {
        out(`    ${route.routeKey.padEnd(28)} ${route.authorization}${route.notRunnable ? `  [501: ${route.notRunnable}]` : ''}`);
      }
    }
    for (const warning of stack.warnings) out(`  note: ${warning}`);
  }
  if (runner.endpointsFile) out(`\nEndpoints written to ${runner.endpointsFile}`);
  out('Ctrl-C stops everything.');
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === 'check-access') {
    return checkAccessCommand(rest);
  }
  if (command !== 'local') {
    process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
    return 1;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        'app': { type: 'string', default: 'cdk.out' },
        'stack': { type: 'string', multiple: true },
        'port': { type: 'string', default: '3001' },
        'cognito-port': { type: 'string', default: '0' },
        'region': { type: 'string', default: DEFAULT_REGION },
        'issuer': { type: 'string', default: 'aws' },
        'map-url': { type: 'string', multiple: true },
        'endpoints': { type: 'string' },
        'moto-venv': { type: 'string' },
        'python': { type: 'string' },
        'quiet': { type: 'boolean', default: false },
        'watch': { type: 'boolean', default: false },
        'synth': { type: 'string' },
        'help': { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name} must be a port number (0-65535), got "${text}"`);
    return n;
  };
  if (values.issuer !== 'aws' && values.issuer !== 'local') throw new Error(`--issuer must be aws or local, got "${values.issuer}"`);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const runnerOptions: LocalRunnerOptions = {
    assemblyDir: values.app!,
    stacks: values.stack,
    port: port('port', values.port!),
    cognitoPort: port('cognito-port', values['cognito-port']!),
    defaultRegion: values.region,
    issuer: values.issuer,
    urlMappings: (values['map-url'] ?? []).map(parseUrlMapping),
    endpointsFile: values.endpoints ?? defaultEndpointsFile(values.app!),
    motoVenv: values['moto-venv'],
    python: values.python,
    log: (line) => process.stderr.write(`${line}\n`),
    onAccessLog: values.quiet ? undefined : (entry) => out(entry.line),
  };
  let stopRunner: () => Promise<void>;
  let failed: Promise<Error>;
  if (values.watch) {
    const appDir = process.cwd();
    const synthCommand = values.synth ?? readCdkJson(appDir).app;
    if (!synthCommand) throw new Error('--watch needs the synth command: cdk.json\'s "app" here, or --synth <command>');
    const watching = await startWatching({
      ...runnerOptions,
      appDir,
      synthCommand,
      onReload: (event) => {
        out(event.line);
        if (event.ok) printSummary(watching.runner, out);
      },
    });
    printSummary(watching.runner, out);
    out(`Watching ${appDir} (synth: ${synthCommand}).`);
    stopRunner = () => watching.stop();
    // Every version's runner learns of moto's death (one emulator for all of them).
    failed = watching.runner.failed;
  } else {
    const runner = await startLocal(runnerOptions);
    printSummary(runner, out);
    stopRunner = () => runner.stop();
    failed = runner.failed;
  }
  let onSignal: () => void = () => {};
  const signalled = new Promise<'signal'>((resolveSignal) => {
    onSignal = () => resolveSignal('signal');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  // If moto dies, the runner has stopped everything and said why on stderr: exit non-zero.
  const ended = await Promise.race([signalled, failed]);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (ended !== 'signal') {
    await stopRunner().catch(() => undefined);
    return 1;
  }
  out('Stopping…');
  await stopRunner();
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`cdk-cognito-protected-http-api: ${error instanceof Error ? (process.env.CDK_LOCAL_DEBUG ? error.stack : error.message) : error}\n`);
      process.exit(1);
    },
  );
}
