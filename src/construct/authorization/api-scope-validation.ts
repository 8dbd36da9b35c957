import { Token } from 'aws-cdk-lib';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { checkNumber, checkString, LIMITS } from '../validation/cfn-limits';
import { alphanumeric, fail, OWNER, unique } from '../validation/check-helpers';

/* Checks of the resource server (`apiScopes`, `resourceServerIdentifier`), `groups` and the pool domain prefix. */

/** Cognito's character sets: scope names, resource server identifiers, group names. */
const SCOPE_NAME = /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/;
const RESOURCE_SERVER_ID = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;

const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function validateScopesAndGroups(props: CognitoProtectedHttpApiProps): void {
  const identifier = props.resourceServerIdentifier;
  if (identifier !== undefined && !Token.isUnresolved(identifier) && !RESOURCE_SERVER_ID.test(identifier)) {
    fail('resourceServerIdentifier', `"${identifier}" has characters Cognito refuses (spaces, quotes or backslashes) or is empty or too long; use e.g. "api" or "https://api.example.com".`);
  }
  if (identifier !== undefined && !props.apiScopes?.length) {
    fail('resourceServerIdentifier', 'is only used with apiScopes; declare apiScopes or remove it.');
  }
  unique('apiScopes', (props.apiScopes ?? []).map((scope) => scope.name), (name, index) => {
    if (!Token.isUnresolved(name) && !SCOPE_NAME.test(name)) {
      fail(`apiScopes[${index}].name`, `"${name}" has characters Cognito refuses (spaces, quotes, "/" or backslashes) or is empty or too long; use e.g. "items.read".`);
    }
  });
  const groupIds = new Map<string, string>();
  unique('groups', (props.groups ?? []).map((group) => group.name), (name, index) => {
    if (!Token.isUnresolved(name) && !GROUP_NAME.test(name)) {
      fail(`groups[${index}].name`, `"${name}" must be 1 to 128 characters without whitespace.`);
    }
    const other = groupIds.get(alphanumeric(name));
    if (other !== undefined && other !== name) {
      fail(`groups[${index}].name`, `"${name}" and "${other}" differ only in punctuation, which their construct ids drop; rename one.`);
    }
    groupIds.set(alphanumeric(name), name);
  });
  (props.groups ?? []).forEach((group, index) => {
    checkNumber(OWNER, `groups[${index}].precedence`, group.precedence, LIMITS.groupPrecedence);
    checkString(OWNER, `groups[${index}].description`, group.description, LIMITS.groupDescription);
  });
  checkNumber(OWNER, 'apiScopes.length', props.apiScopes?.length, LIMITS.apiScopesCount);
  if (props.callbackUrls !== undefined && !props.userPoolClients) {
    // The user client's OAuth scopes: openid, email, profile and every API scope.
    checkNumber(OWNER, 'apiScopes.length', props.apiScopes?.length, LIMITS.userClientApiScopesCount);
  }
  (props.apiScopes ?? []).forEach((scope, index) =>
    checkString(OWNER, `apiScopes[${index}].name`, `${identifier ?? 'api'}/${scope.name}`, LIMITS.oauthScope));
  (props.apiScopes ?? []).forEach((scope, index) => checkString(OWNER, `apiScopes[${index}].description`, scope.description, LIMITS.scopeDescription));
  const prefix = props.domainPrefix;
  if (prefix !== undefined && !Token.isUnresolved(prefix)) {
    if (!DOMAIN_PREFIX.test(prefix)) {
      fail('domainPrefix', `"${prefix}" must be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen.`);
    }
    const reserved = ['aws', 'amazon', 'cognito'].find((word) => prefix.includes(word));
    if (reserved) {
      fail('domainPrefix', `"${prefix}" contains the reserved word "${reserved}"; Cognito refuses prefixes with aws, amazon or cognito.`);
    }
  }
}
