import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Caller, NO_TOKEN_CALLER, poolCallers } from './callers';
import { declaredApis } from './declared-routes';
import { deployedCallerPool } from './deployed-pool';
import { apiName, deployedApiUrl, deployedPools, readDeployedStack } from './deployed-stack';
import { callIamRoute, UNSIGNED } from './iam-calls';
import { buildReport, CheckAccessReport, CheckResult } from './report';
import { callDeclaredRoutes, declaredGroups } from './route-calls';
import { mapUrl, UrlMapping } from '../../url-map';

/**
 * `check-access --stack <name> --region <region>`: the check on a deployed stack, with the caller's
 * AWS credentials (the SDK's default chain). The users it creates are deleted at the end, and on
 * SIGINT or SIGTERM before it exits (130, 143); the same names are deleted before creating, so an
 * earlier run that could not clean up leaves nothing behind.
 */

export interface DeployedCheckOptions {
  /** The deployed stacks' names. */
  readonly stacks: readonly string[];
  readonly region: string;
  readonly jsonFile?: string;
  readonly junitFile?: string;
  /** For tests: public URL prefixes (the APIs', the pool domains') → where to fetch them instead. */
  readonly urlMappings?: readonly UrlMapping[];
}

/** Exit codes after a signal: 128 + its number. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export async function checkDeployedAccess(options: DeployedCheckOptions): Promise<CheckAccessReport> {
  const { region } = options;
  const urlMappings = options.urlMappings ?? [];
  // The SDK is inlined into lib/local/cli.js at a fixed version: its warning that later versions need Node.js 22 is not this tool's.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const cloudFormation = new CloudFormationClient({ region });
  const cognito = new CognitoIdentityProviderClient({ region });
  const cleanUps: Array<() => Promise<void>> = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => cleaning ??= (async () => {
    for (const clean of cleanUps) await clean().catch((error) => process.stderr.write(`check-access: cleaning up: ${(error as Error).message}\n`));
  })();
  const handlers = Object.entries(SIGNAL_EXIT_CODES).map(([signal, code]) => {
    const handler = () => {
      process.stderr.write(`check-access: ${signal}: deleting the users it created…\n`);
      void cleanUp().finally(() => process.exit(code));
    };
    process.once(signal, handler);
    return { signal, handler };
  });
  const results: CheckResult[] = [];
  const skipped: string[] = [];
  try {
    for (const stackName of options.stacks) {
      const stack = await readDeployedStack(cloudFormation, stackName, region);
      const pools = deployedPools(stack);
      for (const declared of declaredApis(stack)) {
        const pool = pools.find((candidate) => candidate.logicalId === declared.poolLogicalId) ?? pools[0];
        let callers: readonly Caller[] = [NO_TOKEN_CALLER];
        if (pool) {
          const callerPool = await deployedCallerPool(cognito, pool, urlMappings);
          const made = await poolCallers(callerPool, declaredGroups(declared.routes, pool.groups), cleanUps);
          skipped.push(...made.skipped);
          callers = made.callers;
        } else {
          skipped.push(`${stackName}: no user pool in the stack: only the callers without a valid token`);
        }
        const url = mapUrl(deployedApiUrl(stack, declared.apiLogicalId), urlMappings);
        const api = apiName(stack, declared.apiLogicalId);
        results.push(...await callDeclaredRoutes(stackName, api, url, declared.routes.filter((route) => route.declared.kind !== 'iam'), callers));
        // IAM routes: unsigned only (signing as the app's roles would need their credentials).
        for (const route of declared.routes.filter((candidate) => candidate.declared.kind === 'iam')) {
          skipped.push(`${stackName} ${api} ${route.routeKey}: an IAM route, called unsigned only on a deployed stack (not as the roles it grants)`);
          results.push(...await callIamRoute(stackName, api, url, route, [UNSIGNED], region));
        }
      }
    }
  } finally {
    for (const { signal, handler } of handlers) process.off(signal, handler);
    await cleanUp();
    cloudFormation.destroy();
    cognito.destroy();
  }
  return buildReport(results, skipped, options);
}
