import { parseArgs } from 'util';
import { readAssembly } from '../../assembly';
import { CognitoClient } from '../../cognito/client';
import { ensureMotoVenv } from '../moto';
import { LocalRunner, startLocal } from '../runner';
import { Caller, NO_TOKEN_CALLER, poolCallers } from './callers';
import { declaredApis, DeclaredRoute } from './declared-routes';
import { checkDeployedAccess } from './deployed-check';
import { callIamRoutes } from './iam-calls';
import { localCallerPool } from './local-pool';
import { buildReport, CheckAccessReport, CheckResult, reportLines } from './report';
import { callDeclaredRoutes, declaredGroups } from './route-calls';

export type { CheckAccessReport } from './report';
export { requestFor } from './route-calls';

/**
 * `cdk-cognito-protected-http-api check-access`: runs the app locally (or reads a deployed stack,
 * with --region) and calls every route that carries the construct's declared access (its
 * `Metadata`) as each kind of caller the declared policies tell apart, comparing the answers (401,
 * 403 or reached) with the declaration. Catches escape-hatch overrides that open or loosen a route.
 */

export const CHECK_ACCESS_HELP = `Usage: cdk-cognito-protected-http-api check-access [options]
       cdk-cognito-protected-http-api check-access --stack <name> --region <region> [options]

Runs the synthesized app locally (as "local" does) and calls every route whose declared access the
construct recorded in the template (Metadata "cdk-cognito-protected-http-api:access") as: no token,
a malformed token, an expired token, a signed-in user (ID and access token), a member of each declared
group, and each machine client (client credentials). Each answer is 401, 403 or "reached" (any other
status: the handler answered); a table shows expected/actual per route and caller. Exits 1 on any
mismatch, naming the route, the caller and the likely cause (read from the route's AuthorizationType
and AuthorizationScopes in the template). Users it creates are named check-access-*@example.com and
deleted at the end. A route declaring required claims (the Lambda authorizer) expects what each caller's
token carries: a machine client whose claims match is reached, a token without them gets 403.
Routes with AuthorizationType AWS_IAM (with or without declared access) are called unsigned (403),
signed as a role whose policies in the template allow execute-api:Invoke on them (reached) and as a
role without that grant (403), with the local credentials the runner gives each role (not with --region).

With --region: the deployed CloudFormation stack(s) named by --stack, in that region, with your AWS
credentials (the SDK's default chain: env, profile, SSO…). It reads the stack's template, resources
and outputs, creates the users with Cognito's admin calls (a random password that fits the pool's
policy), reads the machine clients' secrets, calls the deployed APIs, and deletes the users at the
end, also on Ctrl-C or SIGTERM (exit 130, 143). No expired token there (only Cognito holds the pool's
key): that caller is skipped. The IAM permissions it needs are in the README ("On a deployed stack").

Options:
  --app <dir>         the cloud assembly (default: cdk.out; not read with --region)
  --stack <id>        check only this stack (id or name, * wildcards; repeatable);
                      with --region: the deployed stack's name (required; repeatable)
  --region <region>   check the deployed stack(s) in this region instead of running the app locally
  --json <file>       also write the results as JSON
  --junit <file>      also write the results as JUnit XML
  --moto-venv <dir>   moto's virtualenv (as for "local")
  -h, --help          this help
`;

export interface CheckAccessOptions {
  readonly assemblyDir: string;
  readonly stacks?: readonly string[];
  readonly motoVenv?: string;
  readonly jsonFile?: string;
  readonly junitFile?: string;
  /** The runner's log lines. Default: dropped. */
  readonly log?: (line: string) => void;
}

/** Runs the check on an assembly: starts the runner, calls the routes, stops the runner, writes the files asked for. */
export async function checkAccess(options: CheckAccessOptions): Promise<CheckAccessReport> {
  const assembly = readAssembly(options.assemblyDir);
  const runner = await startLocal({
    assemblyDir: options.assemblyDir,
    stacks: options.stacks,
    port: 0,
    endpointsFile: false,
    motoVenv: options.motoVenv,
    log: options.log,
  });
  const cleanUps: Array<() => Promise<void>> = [];
  const results: CheckResult[] = [];
  const skipped: string[] = [];
  try {
    const python = ensureMotoVenv(options.motoVenv);
    for (const stack of runner.stacks) {
      const template = assembly.find((candidate) => candidate.id === stack.id)!;
      const cognito = new CognitoClient(runner.cognitoEndpoint, stack.region);
      for (const declared of declaredApis(template)) {
        const api = stack.apis.find((candidate) => candidate.logicalId === declared.apiLogicalId);
        if (!api) continue;
        const callers = await callersFor(runner, stack.id, declared.poolLogicalId, declared.routes, cognito, python, cleanUps, skipped);
        // IAM routes are called with signatures (below), not tokens.
        const withTokens = declared.routes.filter((route) => route.declared.kind !== 'iam');
        results.push(...await callDeclaredRoutes(stack.id, api.name, api.url, withTokens, callers));
      }
      results.push(...await callIamRoutes(template, stack, skipped));
    }
  } finally {
    for (const cleanUp of cleanUps) await cleanUp().catch(() => undefined);
    await runner.stop();
  }
  return buildReport(results, skipped, options);
}

/** The callers for an API: those of the pool its authorizer trusts (or the stack's first pool). */
async function callersFor(
  runner: LocalRunner, stackId: string, poolLogicalId: string | undefined, routes: readonly DeclaredRoute[],
  cognito: CognitoClient, python: string, cleanUps: Array<() => Promise<void>>, skipped: string[],
): Promise<Caller[]> {
  const pools = runner.stack(stackId).userPools;
  const pool = pools.find((candidate) => candidate.logicalId === poolLogicalId) ?? pools[0];
  if (!pool) {
    skipped.push(`${stackId}: no user pool runs locally: only the callers without a valid token`);
    return [NO_TOKEN_CALLER];
  }
  const callers = await poolCallers(localCallerPool(cognito, pool, python), declaredGroups(routes, pool.groups), cleanUps);
  skipped.push(...callers.skipped);
  return callers.callers;
}

/** The CLI command: prints the table and the mismatches; 0 when every answer matches, else 1. */
export async function checkAccessCommand(argv: string[], out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'app': { type: 'string', default: 'cdk.out' },
        'stack': { type: 'string', multiple: true },
        'region': { type: 'string' },
        'json': { type: 'string' },
        'junit': { type: 'string' },
        'moto-venv': { type: 'string' },
        'help': { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${CHECK_ACCESS_HELP}`);
    return 1;
  }
  if (values.help) {
    out(CHECK_ACCESS_HELP);
    return 0;
  }
  const files = { jsonFile: values.json, junitFile: values.junit };
  let report: CheckAccessReport;
  if (values.region !== undefined) {
    if (!values.stack?.length) {
      throw new Error('check-access --region checks a deployed stack: name it with --stack <deployed stack name> (repeatable), '
        + 'or leave out --region to run the app in --app locally.');
    }
    report = await checkDeployedAccess({ stacks: values.stack, region: values.region, ...files });
  } else {
    report = await checkAccess({ assemblyDir: values.app!, stacks: values.stack, motoVenv: values['moto-venv'], ...files });
  }
  for (const line of reportLines(report)) out(line);
  return report.ok ? 0 : 1;
}
