import { Duration, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiRouteOptions } from './api-route';
import { RouteRecord } from './authorization-checks';
import { checkCors, checkNumber, checkString, LIMITS } from './cfn-limits';
import { CognitoProtectedHttpApiProps } from './cognito-protected-http-api-props';
import { MachineClientOptions } from './machine-client';
import { TokenAuthorizerKind } from './token-authorizer';
import { fail, isHttpsUrl, rejectUnused, setProps, validateDuration, validateMethods, validateRoutePath } from './validation';

const OWNER = 'CognitoProtectedHttpApi';
const NEW_POOL_PROPS = ['userPoolName', 'selfSignUpEnabled', 'signInAliases', 'passwordPolicy', 'mfa', 'email', 'featurePlan', 'removalPolicy', 'deletionProtection'];
const NEW_CLIENT_PROPS = ['userPoolClientName', 'accessTokenValidity', 'idTokenValidity', 'refreshTokenValidity', 'callbackUrls', 'logoutUrls'];

/** Cognito's character sets: scope names, resource server identifiers, group names. */
const SCOPE_NAME = /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/;
const RESOURCE_SERVER_ID = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ACCESS_ID_MIN = Duration.minutes(5);
const ACCESS_ID_MAX = Duration.days(1);

/** Checks the props that can be checked at construction. */
export function validateProps(props: CognitoProtectedHttpApiProps): void {
  validateTokenAuthorizer(props);
  validatePoolAndClients(props);
  validateTokenValidities(props);
  validatePasswordPolicy(props.passwordPolicy);
  validateScopesAndGroups(props);
  validateStage(props);
  validateDomain(props);
  validateApi(props);
  validateCors(props.corsPreflight);
  validateManagedResources(props);
}

/** Subnets and security groups place the library's functions in a VPC: they need one. */
function validateManagedResources(props: CognitoProtectedHttpApiProps): void {
  if (!props.vpc) {
    rejectUnused(props, ['vpcSubnets', 'securityGroups'], 'vpc', 'is not set', 'set vpc');
  }
}

/** Props that configure the user pool and what hangs off it: meaningless with an external OIDC issuer. */
const POOL_PROPS = ['userPool', ...NEW_POOL_PROPS, 'groups', 'userPoolClients', ...NEW_CLIENT_PROPS, 'apiScopes', 'resourceServerIdentifier', 'machineClients', 'domainPrefix'];

function validateTokenAuthorizer(props: CognitoProtectedHttpApiProps): void {
  const authorizer = props.tokenAuthorizer;
  if (authorizer?.kind === TokenAuthorizerKind.OIDC_ISSUER) {
    const { issuer, audience } = authorizer.oidc!;
    if (!Token.isUnresolved(issuer) && !isHttpsUrl(issuer)) {
      fail('tokenAuthorizer', `the OIDC issuer "${issuer}" must be an https URL, e.g. "https://example.eu.auth0.com/".`);
    }
    if (audience.length === 0) {
      fail('tokenAuthorizer', 'the OIDC issuer needs at least one audience: API Gateway accepts only tokens whose aud (or client_id) is listed.');
    }
    rejectUnused(props, POOL_PROPS, 'tokenAuthorizer', 'an external OIDC issuer needs no user pool', 'use TokenAuthorizer.userPool() or TokenAuthorizer.lambdaAuthorizer()');
  }
  if (authorizer?.kind === TokenAuthorizerKind.LAMBDA) {
    const options = authorizer.lambdaOptions!;
    if (options.trustUserPool === false && !options.issuers?.length) {
      fail('tokenAuthorizer', 'the Lambda authorizer trusts no issuer (trustUserPool is false and issuers is empty); add issuers, or trust the user pool.');
    }
    (options.issuers ?? []).forEach((issuer, index) => {
      for (const [field, url] of [['issuer', issuer.issuer], ['jwksUri', issuer.jwksUri]] as const) {
        if (url !== undefined && !Token.isUnresolved(url) && !isHttpsUrl(url)) {
          fail(`tokenAuthorizer.issuers[${index}].${field}`, `"${url}" must be an https URL (the authorizer fetches keys over https only).`);
        }
      }
      if (issuer.audience?.length === 0) {
        fail(`tokenAuthorizer.issuers[${index}].audience`, 'is empty, which would refuse every token; list the accepted audiences, or leave it out to not check them.');
      }
    });
    const ttl = options.resultsCacheTtl;
    if (ttl && !Token.isUnresolved(ttl.toSeconds()) && ttl.toSeconds() > 3600) {
      fail('tokenAuthorizer.resultsCacheTtl', `is ${ttl.toHumanString()}; API Gateway caches authorizer results for at most 1 hour.`);
    }
    validateDuration('tokenAuthorizer.jwksTimeout', options.jwksTimeout, Duration.millis(100), Duration.seconds(4), 'the Lambda authorizer');
  }
}

function validatePoolAndClients(props: CognitoProtectedHttpApiProps): void {
  if (props.userPool) {
    rejectUnused(props, NEW_POOL_PROPS, 'userPool', 'an existing pool was given', 'remove userPool to create a new pool');
  }
  if (props.userPoolClients) {
    if (!props.userPool) {
      fail('userPoolClients', 'existing clients can only be brought in together with their pool; also pass userPool, or remove userPoolClients to create a client.');
    }
    if (props.userPoolClients.length === 0) {
      fail('userPoolClients', 'is empty; give at least one client, or leave it out to create one.');
    }
    rejectUnused(props, NEW_CLIENT_PROPS, 'userPoolClients', 'existing clients were given', 'remove userPoolClients to create a client');
  }
  if (props.logoutUrls && props.callbackUrls === undefined) {
    fail('logoutUrls', 'needs callbackUrls (logout URLs belong to the OAuth code flow); add callbackUrls or remove logoutUrls.');
  }
  if (props.callbackUrls?.length === 0) {
    fail('callbackUrls', 'is empty; give at least one URL, or leave it out for no OAuth flow.');
  }
  for (const prop of ['callbackUrls', 'logoutUrls'] as const) {
    checkNumber(OWNER, `${prop}.length`, props[prop]?.length, LIMITS.redirectUrls);
    (props[prop] ?? []).forEach((url, index) => {
      checkString(OWNER, `${prop}[${index}]`, url, LIMITS.redirectUrl);
      validateRedirectUrl(`${prop}[${index}]`, url);
    });
  }
  checkString(OWNER, 'userPoolName', props.userPoolName, LIMITS.userPoolName);
  checkString(OWNER, 'userPoolClientName', props.userPoolClientName, LIMITS.userPoolClientName);
}

function validateRedirectUrl(prop: string, url: string): void {
  if (Token.isUnresolved(url)) {
    return;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(prop, `"${url}" is not an absolute URL; write it like "https://app.example.com/callback".`);
  }
  const localhost = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && localhost)) {
    fail(prop, `"${url}" must use https (http is only allowed for localhost).`);
  }
  if (parsed.hash) {
    fail(prop, `"${url}" must not contain a fragment (#...).`);
  }
}

function validateTokenValidities(props: CognitoProtectedHttpApiProps): void {
  validateDuration('accessTokenValidity', props.accessTokenValidity, ACCESS_ID_MIN, ACCESS_ID_MAX);
  validateDuration('idTokenValidity', props.idTokenValidity, ACCESS_ID_MIN, ACCESS_ID_MAX);
  validateDuration('refreshTokenValidity', props.refreshTokenValidity, Duration.minutes(60), Duration.days(3650));
  const refresh = props.refreshTokenValidity ?? Duration.days(30);
  if (Token.isUnresolved(refresh.toSeconds())) {
    return;
  }
  for (const name of ['accessTokenValidity', 'idTokenValidity'] as const) {
    const value = props[name];
    if (value && !Token.isUnresolved(value.toSeconds()) && value.toSeconds() > refresh.toSeconds()) {
      fail(name, `is ${value.toHumanString()}, longer than refreshTokenValidity (${refresh.toHumanString()}); make it shorter or the refresh token longer.`);
    }
  }
}

function validatePasswordPolicy(policy: cognito.PasswordPolicy | undefined): void {
  const minLength = policy?.minLength;
  if (minLength !== undefined && !Token.isUnresolved(minLength) && (!Number.isInteger(minLength) || minLength < 6 || minLength > 99)) {
    fail('passwordPolicy.minLength', `is ${minLength}; Cognito accepts whole numbers from 6 to 99 (8 or more recommended).`);
  }
  validateDuration('passwordPolicy.tempPasswordValidity', policy?.tempPasswordValidity, Duration.days(1), Duration.days(365));
}

function validateScopesAndGroups(props: CognitoProtectedHttpApiProps): void {
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

function validateStage(props: CognitoProtectedHttpApiProps): void {
  if (props.accessLogging === false) {
    rejectUnused(props, ['accessLogRetention', 'accessLogGroup'], 'accessLogging', 'is false', 'turn access logging on');
  }
  if (props.accessLogGroup && props.accessLogRetention !== undefined) {
    fail('accessLogRetention', 'applies only to the log group the construct creates; set the retention on accessLogGroup instead, or remove accessLogGroup.');
  }
  const { throttlingRateLimit: rate, throttlingBurstLimit: burst } = props;
  if (rate !== undefined && !Token.isUnresolved(rate) && !(rate >= 0 && Number.isFinite(rate))) {
    fail('throttlingRateLimit', `is ${rate}; give requests per second ≥ 0.`);
  }
  if (burst !== undefined && !Token.isUnresolved(burst) && !(Number.isInteger(burst) && burst >= 0)) {
    fail('throttlingBurstLimit', `is ${burst}; give a whole number of requests ≥ 0.`);
  }
  if (burst !== undefined && rate === undefined) {
    fail('throttlingBurstLimit', 'is set without throttlingRateLimit; a burst only makes sense with a rate, so set both.');
  }
}

function validateDomain(props: CognitoProtectedHttpApiProps): void {
  if (props.domainName === undefined) {
    const orphans = setProps(props, ['certificate', 'hostedZone']);
    if (orphans.length > 0) {
      fail(orphans[0], 'needs domainName; add domainName, or remove it.');
    }
    if (props.disableExecuteApiEndpoint) {
      fail('disableExecuteApiEndpoint', 'without domainName would leave the API unreachable; add domainName, or remove it.');
    }
    return;
  }
  if (!props.certificate && !props.hostedZone) {
    fail('domainName', 'needs a certificate (certificate) or a hosted zone to create one in (hostedZone).');
  }
}

function validateApi(props: CognitoProtectedHttpApiProps): void {
  checkString(OWNER, 'apiName', props.apiName, LIMITS.apiName);
  checkString(OWNER, 'apiDescription', props.apiDescription, LIMITS.apiDescription);
}

function validateCors(cors: apigwv2.CorsPreflightOptions | undefined): void {
  checkCors(OWNER, cors);
  if (cors?.allowCredentials && cors.allowOrigins?.includes('*')) {
    fail('corsPreflight', 'allowCredentials with allowOrigins ["*"] is refused by browsers; list the allowed origins explicitly.');
  }
}

/** Checks a route before it is created: path, methods, no method and path declared twice. */
export function validateRoute(where: string, route: ApiRouteOptions, methods: apigwv2.HttpMethod[], existing: RouteRecord[]): void {
  validateRoutePath(`${where}.path`, route.path);
  validateMethods(`${where}.methods`, methods);
  for (const method of methods) {
    if (existing.some((r) => r.method === method && r.path === route.path)) {
      fail(where, `route ${method} ${route.path} is declared twice; declare each method and path once.`);
    }
  }
  for (const scope of route.authorization?.scopes ?? []) {
    if (!Token.isUnresolved(scope) && !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) {
      fail(`${where}.authorization`, `scope "${scope}" has characters no token scope can have (spaces, quotes or backslashes).`);
    }
  }
}

/** Checks a machine client: a valid, new name; declared API scopes. */
export function validateMachineClient(where: string, options: MachineClientOptions, apiScopes: Map<string, unknown>, names: Set<string>): void {
  if (!CLIENT_NAME.test(options.name)) {
    fail(`${where}.name`, `"${options.name}" must start with a letter or digit and have only letters, digits and hyphens (at most 128).`);
  }
  if (names.has(alphanumeric(options.name))) {
    fail(`${where}.name`, `a machine client named "${options.name}" (or differing only in punctuation) already exists; give each machine client its own name.`);
  }
  if (options.scopes.length === 0) {
    fail(`${where}.scopes`, 'is empty; a machine client gets only the scopes it is given, so give at least one.');
  }
  for (const scope of options.scopes) {
    if (!apiScopes.has(scope)) {
      const declared = [...apiScopes.keys()];
      fail(`${where}.scopes`, `"${scope}" is not one of the API's scopes (${declared.length ? declared.join(', ') : 'none declared'}); declare it in apiScopes and use its full name "<resourceServerIdentifier>/<name>".`);
    }
  }
  validateDuration(`${where}.accessTokenValidity`, options.accessTokenValidity, ACCESS_ID_MIN, ACCESS_ID_MAX);
}

/** The letters and digits of a name: what its construct id keeps. */
export function alphanumeric(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '');
}

/** Checks each name and that none repeats. */
function unique(prop: string, names: string[], check: (name: string, index: number) => void): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    check(name, index);
    if (seen.has(name)) {
      fail(`${prop}[${index}].name`, `"${name}" is declared twice; declare each once.`);
    }
    seen.add(name);
  });
}
