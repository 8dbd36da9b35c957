import { CognitoIdentityProviderClient, ListUserPoolClientsCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationV2TriggerEvent, PreTokenGenerationV3TriggerEvent } from 'aws-lambda';
import { handler as groupScopes } from './group-scopes.lambda';

/**
 * Cognito pre-token-generation trigger, event version 3 (a pool has one such trigger): used instead
 * of the group-scopes trigger when machine clients have `claims` or the props give `preTokenGeneration`.
 *
 * 1. Users' access tokens get the `group:<name>` scopes (as the group-scopes trigger adds them).
 * 2. Client-credentials tokens (`TokenGeneration_ClientCredentials`) get the static claims of the
 *    calling machine client. The construct knows its machine clients by name (their ids would make
 *    the pool, this function and the clients depend on each other), so the trigger reads the pool's
 *    client names once per client id with `ListUserPoolClients` (ids and names only, no secrets).
 * 3. The user's function (`PRE_TOKEN_GENERATION_FUNCTION`) is invoked with the event as it stands,
 *    and its response merged over this one: its claims win, scopes are added to these.
 *
 * Needs the ESSENTIALS or PLUS feature plan. Runs once per token issued, not per API request.
 */

type Event = PreTokenGenerationV2TriggerEvent | PreTokenGenerationV3TriggerEvent;
type Details = NonNullable<PreTokenGenerationV3TriggerEvent['response']['claimsAndScopeOverrideDetails']>;

/** What the trigger calls outside itself (tests give their own). */
export interface Dependencies {
  /** The pool's app clients: id to name. */
  readonly clientNames: (userPoolId: string) => Promise<Map<string, string>>;
  /** Invokes a function with the event; its response. */
  readonly invoke: (functionName: string, event: Event) => Promise<Event>;
}

export function createHandler(dependencies: Dependencies, environment: NodeJS.ProcessEnv = process.env): (event: Event) => Promise<Event> {
  const claimsByName: Record<string, Record<string, string>> = JSON.parse(environment.MACHINE_CLIENT_CLAIMS ?? '{}');
  const chained = environment.PRE_TOKEN_GENERATION_FUNCTION;
  const names = new Map<string, string>();

  const machineClaims = async (event: Event): Promise<Record<string, string>> => {
    if (event.triggerSource !== 'TokenGeneration_ClientCredentials' || Object.keys(claimsByName).length === 0) return {};
    const clientId = event.callerContext.clientId;
    if (!names.has(clientId)) {
      for (const [id, name] of await dependencies.clientNames(event.userPoolId)) names.set(id, name);
    }
    const name = names.get(clientId);
    return name !== undefined && Object.prototype.hasOwnProperty.call(claimsByName, name) ? claimsByName[name] : {};
  };

  return async (event) => {
    const result = await groupScopes(event as Parameters<typeof groupScopes>[0]) as Event;
    const claims = await machineClaims(result);
    if (Object.keys(claims).length > 0) {
      const details: Details = result.response.claimsAndScopeOverrideDetails ?? {};
      result.response.claimsAndScopeOverrideDetails = {
        ...details,
        accessTokenGeneration: { ...details.accessTokenGeneration, claimsToAddOrOverride: { ...claims } },
      };
    }
    if (!chained) return result;
    const ours: Details = result.response.claimsAndScopeOverrideDetails ?? {};
    const answered = await dependencies.invoke(chained, JSON.parse(JSON.stringify(result)));
    result.response.claimsAndScopeOverrideDetails = merge(ours, answered?.response?.claimsAndScopeOverrideDetails ?? {});
    return result;
  };
}

/** The user's details over the construct's: its claims and settings win; the scopes to add are both. */
function merge(ours: Details, theirs: Details): Details {
  const access = theirs.accessTokenGeneration ?? {};
  const scopesToAdd = [...new Set([...ours.accessTokenGeneration?.scopesToAdd ?? [], ...access.scopesToAdd ?? []])];
  const claimsToAddOrOverride = { ...ours.accessTokenGeneration?.claimsToAddOrOverride, ...access.claimsToAddOrOverride };
  return {
    ...ours,
    ...theirs,
    accessTokenGeneration: {
      ...access,
      ...(scopesToAdd.length ? { scopesToAdd } : {}),
      ...(Object.keys(claimsToAddOrOverride).length ? { claimsToAddOrOverride } : {}),
    },
  };
}

/** The pool's clients, id to name: ListUserPoolClients (no secrets), every page. */
async function listClientNames(userPoolId: string): Promise<Map<string, string>> {
  const cognito = new CognitoIdentityProviderClient({});
  const names = new Map<string, string>();
  let NextToken: string | undefined;
  do {
    const page = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60, NextToken }));
    for (const client of page.UserPoolClients ?? []) names.set(client.ClientId!, client.ClientName!);
    NextToken = page.NextToken;
  } while (NextToken);
  return names;
}

/** The user's function, invoked synchronously with the AWS SDK's Lambda client (Lambda's runtime provides it). */
async function invokeFunction(functionName: string, event: Event): Promise<Event> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda') as LambdaModule;
  const answer = await new LambdaClient({}).send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }));
  const payload = Buffer.from(answer.Payload ?? []).toString('utf-8');
  if (answer.FunctionError) {
    throw new Error(`the pre-token-generation function ${functionName} failed (${answer.FunctionError}): ${payload}`);
  }
  return JSON.parse(payload);
}

/** The part of @aws-sdk/client-lambda used here (not a dependency of the library: Lambda's runtime has it). */
interface LambdaModule {
  LambdaClient: new (config: object) => { send(command: unknown): Promise<{ Payload?: Uint8Array; FunctionError?: string }> };
  InvokeCommand: new (input: { FunctionName: string; Payload: Uint8Array }) => unknown;
}

export const handler = createHandler({ clientNames: listClientNames, invoke: invokeFunction });
