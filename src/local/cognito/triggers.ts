import { randomUUID } from 'crypto';
import { IntrinsicContext, tryResolve } from '../intrinsics';
import { TokenOverrides, TokenUser } from './tokens';
import { LocalFunction } from '../lambda/runner';

/**
 * A pool's Lambda triggers (`LambdaConfig`): which of them the runner runs on its Lambda workers (a
 * note for each one it does not), the events Cognito sends them ("Customizing user pool workflows
 * with Lambda triggers": the common parameters) and what their answers change.
 */

/** A pool's Lambda trigger, run locally. */
export interface LocalTrigger {
  readonly fn: LocalFunction;
  /** Pre token generation: `V1_0` (claims of the ID token), `V2_0` (both tokens, scopes) or `V3_0` (V2 and the client-credentials grant). */
  readonly version?: string;
}

/** A trigger answered with an error: "<Trigger> failed with error <message>.", as Cognito words it. */
export class TriggerFailed extends Error {}

/** Who the trigger runs for: the event's common parameters. */
export interface TriggerCall {
  readonly region: string;
  readonly userPoolId: string;
  /** Absent for a machine (client-credentials) token: there is no user. */
  readonly userName?: string;
  /** The app client (`callerContext.clientId`); `null` for admin calls without one. */
  readonly clientId?: string | null;
}

/**
 * Runs the pool's `name` trigger, if it has one, with Cognito's event; its `response` (an empty
 * object when it returned none), or undefined without the trigger. Throws {@link TriggerFailed}.
 */
export async function runTrigger(
  trigger: LocalTrigger | undefined, name: string, triggerSource: string, call: TriggerCall,
  request: Record<string, unknown>, response: Record<string, unknown> = {}, version = '1',
): Promise<Record<string, any> | undefined> {
  if (!trigger) return undefined;
  const event = {
    version,
    triggerSource,
    region: call.region,
    userPoolId: call.userPoolId,
    ...call.userName === undefined ? {} : { userName: call.userName },
    callerContext: { awsSdkVersion: 'local', clientId: call.clientId ?? null },
    request,
    response,
  };
  const { result, error } = await trigger.fn.invoke(event, randomUUID());
  if (error) throw new TriggerFailed(`${name} failed with error ${error.errorMessage}.`);
  return (result as any)?.response ?? {};
}

/**
 * Runs a pool's pre-token-generation trigger (event version 1 or 2 by the template's `LambdaVersion`)
 * and returns its changes; throws {@link TriggerFailed} ("PreTokenGeneration failed with error <message>.").
 */
export async function runPreTokenGeneration(
  trigger: LocalTrigger | undefined,
  call: TriggerCall & { readonly user: TokenUser; readonly scopes: readonly string[]; readonly triggerSource: string },
): Promise<TokenOverrides | undefined> {
  if (!trigger) return undefined;
  const v2 = trigger.version === 'V2_0' || trigger.version === 'V3_0';
  const answer = await runTrigger(trigger, 'PreTokenGeneration', call.triggerSource, call, {
    userAttributes: call.user.attributes,
    groupConfiguration: { groupsToOverride: [...call.user.groups], iamRolesToOverride: [], preferredRole: null },
    ...(v2 ? { scopes: [...call.scopes] } : {}),
  }, v2 ? { claimsAndScopeOverrideDetails: null } : { claimsOverrideDetails: null }, eventVersion(trigger)) ?? {};
  if (!v2) {
    const details = answer.claimsOverrideDetails ?? {};
    return {
      idClaims: details.claimsToAddOrOverride, idSuppress: details.claimsToSuppress, groups: details.groupOverrideDetails?.groupsToOverride,
    };
  }
  const details = answer.claimsAndScopeOverrideDetails ?? {};
  return {
    idClaims: details.idTokenGeneration?.claimsToAddOrOverride,
    idSuppress: details.idTokenGeneration?.claimsToSuppress,
    accessClaims: details.accessTokenGeneration?.claimsToAddOrOverride,
    accessSuppress: details.accessTokenGeneration?.claimsToSuppress,
    scopesToAdd: details.accessTokenGeneration?.scopesToAdd,
    scopesToSuppress: details.accessTokenGeneration?.scopesToSuppress,
    groups: details.groupOverrideDetails?.groupsToOverride,
  };
}

/** The event's `version`: "1", "2" or "3" by the template's `LambdaVersion`. */
function eventVersion(trigger: LocalTrigger): string {
  return trigger.version === 'V3_0' ? '3' : trigger.version === 'V2_0' ? '2' : '1';
}

/**
 * The pre-token-generation trigger on the client-credentials grant: only a `V3_0` trigger runs there
 * ("Pre token generation Lambda trigger": "Version three event responses apply to access tokens from
 * user authentication and machine authentication"), with `triggerSource`
 * `TokenGeneration_ClientCredentials`, no user (no `userName`, `userAttributes`, groups), the scopes
 * and the request's `aws_client_metadata`. Its `accessTokenGeneration` changes apply to the token.
 */
export async function runClientCredentialsTokenGeneration(
  trigger: LocalTrigger | undefined,
  call: TriggerCall & { readonly scopes: readonly string[]; readonly clientMetadata?: Record<string, string> },
): Promise<TokenOverrides | undefined> {
  if (trigger?.version !== 'V3_0') return undefined;
  const answer = await runTrigger(trigger, 'PreTokenGeneration', 'TokenGeneration_ClientCredentials', { ...call, userName: undefined }, {
    scopes: [...call.scopes], ...call.clientMetadata ? { clientMetadata: call.clientMetadata } : {},
  }, { claimsAndScopeOverrideDetails: null }, '3') ?? {};
  const access = answer.claimsAndScopeOverrideDetails?.accessTokenGeneration ?? {};
  return {
    accessClaims: access.claimsToAddOrOverride,
    accessSuppress: access.claimsToSuppress,
    scopesToAdd: access.scopesToAdd,
    scopesToSuppress: access.scopesToSuppress,
  };
}

/** Triggers the local OAuth endpoints run, and where. */
const RUN_LOCALLY: Record<string, string> = {
  PreTokenGeneration: 'for the tokens of InitiateAuth, AdminInitiateAuth and the local /oauth2/token (V3_0: the client-credentials grant too)',
  PreAuthentication: 'on InitiateAuth, AdminInitiateAuth and the local sign-in page',
  PostAuthentication: 'on InitiateAuth, AdminInitiateAuth and the local sign-in page',
  PreSignUp: 'on SignUp (autoConfirmUser, autoVerifyEmail, autoVerifyPhone applied)',
  PostConfirmation: 'on ConfirmSignUp, AdminConfirmSignUp, ConfirmForgotPassword and auto-confirmed sign-ups',
  CustomMessage: 'for the texts of the codes and invitations the local Cognito sends (GET <cognitoEndpoint>/local/messages)',
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
