import { GROUP_SCOPE_PREFIX } from '../shared/group-scope';

/**
 * Cognito pre-token-generation trigger (event version 2): adds one scope per group of the user to
 * the access token — `group:<name>` — so that API Gateway's JWT authorizer can require a group
 * the way it requires any scope (`RouteAuthorization.inGroups([...])`), with no Lambda per request.
 *
 * Needs the ESSENTIALS or PLUS feature plan (access-token customization). Runs once per token
 * issued (sign-in and refresh), not per API request.
 */

interface PreTokenGenerationV2Event {
  version: string;
  triggerSource: string;
  request: { groupConfiguration?: { groupsToOverride?: string[] } };
  response: { claimsAndScopeOverrideDetails?: unknown };
}

export async function handler(event: PreTokenGenerationV2Event): Promise<PreTokenGenerationV2Event> {
  const groups = event.request?.groupConfiguration?.groupsToOverride ?? [];
  if (groups.length > 0) {
    event.response = {
      ...event.response,
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { scopesToAdd: groups.map((group) => `${GROUP_SCOPE_PREFIX}${group}`) },
      },
    };
  }
  return event;
}
