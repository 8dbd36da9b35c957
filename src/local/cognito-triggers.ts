import { IntrinsicContext, tryResolve } from './intrinsics';
import { LocalFunction } from './lambda-runner';
import { LocalTrigger } from './oauth-server';

/**
 * A pool's Lambda triggers (`LambdaConfig`) that the runner runs on its Lambda workers, and a note
 * for each one it does not.
 */

/** Triggers the local OAuth endpoints run, and where. */
const RUN_LOCALLY: Record<string, string> = {
  PreTokenGeneration: 'for the tokens of InitiateAuth, AdminInitiateAuth and the local /oauth2/token',
  PreAuthentication: 'on InitiateAuth, AdminInitiateAuth and the local sign-in page',
  PostAuthentication: 'on InitiateAuth, AdminInitiateAuth and the local sign-in page',
  PreSignUp: 'on SignUp (autoConfirmUser, autoVerifyEmail, autoVerifyPhone applied)',
  PostConfirmation: 'on ConfirmSignUp, AdminConfirmSignUp and auto-confirmed sign-ups',
};

export function readTriggers(
  poolLogicalId: string,
  lambdaConfig: Record<string, any> | undefined,
  context: IntrinsicContext,
  byArn: ReadonlyMap<string, LocalFunction | string>,
): { triggers: Record<string, LocalTrigger>; notes: string[] } {
  const triggers: Record<string, LocalTrigger> = {};
  const notes: string[] = [];
  const config = { ...lambdaConfig ?? {} };
  if (config.PreTokenGenerationConfig) {
    config.PreTokenGeneration = config.PreTokenGenerationConfig.LambdaArn;
    delete config.PreTokenGenerationConfig;
  }
  for (const [name, value] of Object.entries(config)) {
    if (name === 'KMSKeyID') continue;
    const where = RUN_LOCALLY[name];
    if (!where) {
      notes.push(`${poolLogicalId}: the ${name} Lambda trigger is not run locally`);
      continue;
    }
    const arn = tryResolve(typeof value === 'object' && value && 'LambdaArn' in value ? value.LambdaArn : value, context).value;
    const fn = typeof arn === 'string' ? byArn.get(arn) : undefined;
    if (!fn || typeof fn === 'string') {
      notes.push(`${poolLogicalId}: the ${name} Lambda trigger is not run locally: ${fn ?? 'its function is not in the template'}`);
      continue;
    }
    const version = name === 'PreTokenGeneration' ? tryResolve(lambdaConfig?.PreTokenGenerationConfig?.LambdaVersion, context).value : undefined;
    triggers[name] = { fn, version: typeof version === 'string' ? version : 'V1_0' };
    notes.push(`${poolLogicalId}: the ${name} Lambda trigger runs ${where}`);
  }
  return { triggers, notes };
}
