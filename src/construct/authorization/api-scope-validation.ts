import { Token } from 'aws-cdk-lib';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { STANDARD_SCOPES } from './authorization-checks';
import { GROUP_SCOPE_PREFIX } from '../../shared/group-scope';
import { checkNumber, checkString, LIMITS } from '../validation/cfn-limits';
import { alphanumeric, fail, OWNER, unique } from '../validation/check-helpers';
import { didYouMean } from '../validation/did-you-mean';

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

/** The API's declared scopes, as the checks of the names that must match one see them. */
export interface DeclaredNames {
  /** The resource server identifier (default `api`). */
  readonly identifier: string;
  /** The API's scopes, full names (`<identifier>/<name>`). */
  readonly scopes: string[];
  /** The declared groups. */
  readonly groups: string[];
  /** The pool is the construct's, so every scope its tokens can carry is known: the API's, the standard ones, the group scopes. */
  readonly ownPool: boolean;
}

/**
 * `scope "<scope>" is not one of the API's scopes (declared: …)`, then "did you mean" the closest
 * declared (or standard, with `others`) scope, or how to declare it. A declared scope's short name
 * (`items.read` for `api/items.read`) counts as a spelling of it; `use` says what to do with a declared one (`require`).
 */
export function undeclaredScope(scope: string, declared: DeclaredNames, use: string, others: string[] = []): string {
  const sorted = [...declared.scopes].sort();
  const list = sorted.length > 0 ? `declared: ${sorted.join(', ')}` : 'none declared';
  const prefix = `${declared.identifier}/`;
  const name = scope.startsWith(prefix) ? scope.slice(prefix.length) : scope;
  const orOne = sorted.length > 0 ? `, or ${use} one of those` : '';
  const fix = name.includes('/')
    ? `; the API's scopes are written "${prefix}<name>": declare it in apiScopes${orOne}.`
    : `; declare it in apiScopes ({ name: '${name}' }, which tokens carry as "${prefix}${name}")${orOne}.`;
  return `scope "${scope}" is not one of the API's scopes (${list})${didYouMean(scope, [...sorted, ...others], fix, shortName(prefix))}`;
}

function shortName(prefix: string): (scope: string) => string[] {
  return (scope) => (scope.startsWith(prefix) ? [scope.slice(prefix.length)] : []);
}

/**
 * Checks a route's scopes when it is added: each must be one of the API's scopes; with the
 * construct's own pool, a standard scope or a declared group's scope too. With an existing pool,
 * only names under the API's resource server are checked (its trigger may add other scopes).
 */
export function validateRouteScopes(prop: string, scopes: string[], declared: DeclaredNames): void {
  if (Token.isUnresolved(declared.identifier)) {
    return;
  }
  const groupScopes = declared.groups.map((group) => `${GROUP_SCOPE_PREFIX}${group}`);
  for (const scope of scopes) {
    if (Token.isUnresolved(scope) || declared.scopes.includes(scope)) {
      continue;
    }
    const known = declared.ownPool
      ? STANDARD_SCOPES.includes(scope) || groupScopes.includes(scope)
      : declared.scopes.length === 0 || !scope.startsWith(`${declared.identifier}/`);
    if (!known) {
      fail(prop, undeclaredScope(scope, declared, 'require', declared.ownPool ? STANDARD_SCOPES : []));
    }
  }
}

/** Checks a route's group against the declared groups. */
export function validateRouteGroup(prop: string, group: string, groups: string[]): void {
  if (groups.includes(group)) {
    return;
  }
  if (groups.length === 0) {
    fail(prop, `group "${group}" is not declared (groups is empty); add { name: '${group}' } to groups.`);
  }
  fail(prop, `group "${group}" is not one of the declared groups (${groups.join(', ')})`
    + didYouMean(group, groups, `; add { name: '${group}' } to groups, or require one of those.`));
}
