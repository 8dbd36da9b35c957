import { extractToken, tokenGroups, tokenScopes, unmetRequirement } from '../../../src/handlers/jwt-authorizer/rules';

/**
 * The JWT Lambda authorizer's rules after the token is verified, one row per decision (the handler's
 * tests, jwt-authorizer.test.ts, run them end to end through the bundle). The authorizer follows
 * API Gateway's JWT authorizer where the two overlap:
 * [W] "Control access to HTTP APIs with JWT authorizers": the identity source holds "only the token,
 *     or the token prefixed with Bearer"; scopes come from `scope` or `scp`; "any one" of a route's
 *     scopes is enough.
 * [C] Cognito's "Understanding the access token" / "the ID token": `scope` is space-separated,
 *     `cognito:groups` is a list of the user's group names.
 * [RFC 6750] §2.1: `Authorization: Bearer <token>`, the scheme in any case (RFC 9110 §11.1).
 */

describe('extractToken: the token in the Authorization header', () => {
  const jwt = 'aaa.bbb.ccc';
  test.each([
    ['[W] a bare token', jwt, jwt],
    ['[RFC 6750] "Bearer " and the token', `Bearer ${jwt}`, jwt],
    ['[RFC 6750] the scheme in any case', `bEARER ${jwt}`, jwt],
    ['[RFC 6750] a tab after the scheme', `Bearer\t${jwt}`, jwt],
    ['[RFC 6750] several spaces after the scheme', `Bearer   ${jwt}`, jwt],
    ['surrounding whitespace is not part of the value', `  Bearer ${jwt}  `, jwt],
    ['the form check only: one character per part is enough', 'a.b.c', 'a.b.c'],
    ['a header of exactly 16 KiB is read', `${'a'.repeat(8190)}.${'b'.repeat(8190)}.cc`, `${'a'.repeat(8190)}.${'b'.repeat(8190)}.cc`],
  ])('%s → the token', (_rule, header, expected) => {
    expect(extractToken(header)).toBe(expected);
  });

  test.each([
    ['no header', undefined, 'no_token'],
    ['an empty header', '', 'no_token'],
    ['whitespace only', ' \t ', 'no_token'],
    ['a header over 16 KiB', `${'a'.repeat(8190)}.${'b'.repeat(8190)}.ccc`, 'malformed_header'],
    ['another scheme', `Basic ${jwt}`, 'malformed_header'],
    ['"Bearer" alone', 'Bearer', 'malformed_header'],
    ['"Bearer" and spaces', 'Bearer    ', 'malformed_header'],
    ['no dot', 'Bearer abc', 'malformed_header'],
    ['one dot (two parts)', 'Bearer aaa.bbb', 'malformed_header'],
    ['an empty first part', 'Bearer .bbb.ccc', 'malformed_header'],
    ['two tokens (two headers joined by a comma)', `Bearer ${jwt}, Bearer ${jwt}`, 'malformed_header'],
    ['a comma inside', 'Bearer aaa.bbb.ccc,ddd', 'malformed_header'],
    ['a space inside', 'Bearer aaa.bbb.c cc', 'malformed_header'],
  ])('%s → denied (%s)', (_rule, header, reason) => {
    expect(extractToken(header as string | undefined)).toEqual({ deny: reason });
  });
});

describe('tokenScopes: the OAuth scopes a token carries', () => {
  test.each([
    ['[C] scope is space-separated', { scope: 'openid items/read' }, ['openid', 'items/read']],
    ['[C] … empty entries are no scopes', { scope: ' openid  items/read ' }, ['openid', 'items/read']],
    ['[W] scp as a list', { scp: ['items/read', 'items/write'] }, ['items/read', 'items/write']],
    ['[W] scp as a space-separated string', { scp: 'items/read items/write' }, ['items/read', 'items/write']],
    ['[W] scope and scp both count', { scope: 'openid', scp: ['items/read'] }, ['openid', 'items/read']],
    ['entries that are not strings are no scopes', { scp: ['items/read', 7, null] }, ['items/read']],
    ['a scope claim that is neither a string nor a list has no scopes', { scope: 7, scp: { a: 1 } }, []],
    ['[C] an ID token has no scope claim', {}, []],
  ])('%s', (_rule, payload, expected) => {
    expect(tokenScopes(payload)).toEqual(expected);
  });
});

describe('tokenGroups: the groups a token carries', () => {
  test.each([
    ['[C] cognito:groups is a list of group names', { 'cognito:groups': ['admin', 'readers'] }, ['admin', 'readers']],
    ['a string is one group name, never split on spaces', { 'cognito:groups': 'North America' }, ['North America']],
    ['a generic issuer\'s groups claim', { groups: ['admin'] }, ['admin']],
    ['… as one string', { groups: 'Site Admins' }, ['Site Admins']],
    ['cognito:groups wins over groups', { 'cognito:groups': ['readers'], 'groups': ['admin'] }, ['readers']],
    ['… even when it is empty', { 'cognito:groups': [], 'groups': ['admin'] }, []],
    ['entries that are not strings are no groups', { 'cognito:groups': ['admin', 1, { name: 'ops' }] }, ['admin']],
    ['no groups claim: no groups', {}, []],
  ])('%s', (_rule, payload, expected) => {
    expect(tokenGroups(payload)).toEqual(expected);
  });
});

describe('unmetRequirement: a route\'s scopes, groups and claims', () => {
  const payload = {
    'scope': 'openid items/read',
    'cognito:groups': ['readers', 'ops'],
    'custom:tenant': 't1',
    'custom:level': 5,
    'email_verified': true,
    'roles': ['t1'],
    'address': { country: 't1' },
  };
  const groups = tokenGroups(payload);
  test.each([
    ['no requirements: any valid token', undefined, undefined],
    ['empty requirements: any valid token', {}, undefined],
    ['[W] any one of the route\'s scopes', { scopes: ['items/write', 'items/read'] }, undefined],
    ['[W] none of them → scope_missing', { scopes: ['items/write', 'items/admin'] }, 'scope_missing'],
    ['a scope is matched whole', { scopes: ['items'] }, 'scope_missing'],
    ['any one of the route\'s groups (not all of them)', { groups: ['admin', 'ops'] }, undefined],
    ['none of them → group_missing', { groups: ['admin', 'billing'] }, 'group_missing'],
    ['a string claim with one of the values', { claims: { 'custom:tenant': ['t2', 't1'] } }, undefined],
    ['a string claim with another value → claim_mismatch', { claims: { 'custom:tenant': ['t2'] } }, 'claim_mismatch'],
    ['a number claim is compared as its text', { claims: { 'custom:level': ['5'] } }, undefined],
    ['… with another value → claim_mismatch', { claims: { 'custom:level': ['4'] } }, 'claim_mismatch'],
    ['a boolean claim is compared as its text', { claims: { email_verified: ['true'] } }, undefined],
    ['… with another value → claim_mismatch', { claims: { email_verified: ['false'] } }, 'claim_mismatch'],
    ['a list claim never equals a value, even one it contains → claim_mismatch', { claims: { roles: ['t1'] } }, 'claim_mismatch'],
    ['an object claim never equals a value → claim_mismatch', { claims: { address: ['t1', '[object Object]'] } }, 'claim_mismatch'],
    ['a missing claim → claim_mismatch', { claims: { 'custom:plan': ['gold'] } }, 'claim_mismatch'],
    ['every required claim must match: the first two do, the third does not', { claims: { 'custom:tenant': ['t1'], 'custom:level': ['5'], 'email_verified': ['false'] } }, 'claim_mismatch'],
    ['every required claim, all matching', { claims: { 'custom:tenant': ['t1'], 'custom:level': ['5'], 'email_verified': ['true'] } }, undefined],
    ['scope, group and claim all met', { scopes: ['items/read'], groups: ['ops'], claims: { 'custom:tenant': ['t1'] } }, undefined],
    ['the scope is checked first', { scopes: ['items/write'], groups: ['admin'], claims: { 'custom:tenant': ['t2'] } }, 'scope_missing'],
    ['then the group', { scopes: ['items/read'], groups: ['admin'], claims: { 'custom:tenant': ['t2'] } }, 'group_missing'],
    ['then the claims', { scopes: ['items/read'], groups: ['ops'], claims: { 'custom:tenant': ['t2'] } }, 'claim_mismatch'],
  ])('%s', (_rule, requirements, expected) => {
    expect(unmetRequirement(requirements, payload, groups)).toBe(expected);
  });

  test('groups are the ones the handler read from the token, not the payload\'s own claim', () => {
    expect(unmetRequirement({ groups: ['admin'] }, { 'cognito:groups': ['admin'] }, [])).toBe('group_missing');
    expect(unmetRequirement({ groups: ['admin'] }, {}, ['admin'])).toBeUndefined();
  });
});
