/**
 * The prefix of the scopes that stand for Cognito groups in access tokens: the construct requires
 * `group:<name>` on group routes, and the pre-token-generation trigger adds it to members' tokens.
 */
export const GROUP_SCOPE_PREFIX = 'group:';
