/**
 * The JWT Lambda authorizer's configuration: the `AUTHORIZER_CONFIG` environment variable, written
 * by the construct. Parsed and validated once, at cold start. Its shape is in src/shared/.
 */
import { AuthorizerConfig, DEFAULT_JWKS_TIMEOUT_MS, IssuerConfig, RouteRequirements } from '../../shared/authorizer-config';

/** Thrown for an unusable configuration; the handler then denies every request. */
export class AuthorizerConfigError extends Error {}

/** Cognito user pool issuers (regional format), as aws-jwt-verify's CognitoJwtVerifier accepts them. */
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.((?:eusc-[a-z]{2}|[a-z]{2})-(?:gov-)?[a-z]+-\d)\.amazonaws\.com\/(\1_[a-zA-Z0-9]+)$/;

/**
 * The other issuer URL a Cognito user pool may put in `iss`: aws-jwt-verify's CognitoJwtVerifier
 * accepts both `https://cognito-idp.<region>.amazonaws.com/<pool>` and
 * `https://issuer-cognito-idp.<region>.amazonaws.com/<pool>`, each with its own JWKS URI.
 */
export function cognitoAlternateIssuer(issuer: string): string | undefined {
  const match = COGNITO_ISSUER.exec(issuer);
  return match ? `https://issuer-cognito-idp.${match[1]}.amazonaws.com/${match[2]}` : undefined;
}

function fail(message: string): never {
  throw new AuthorizerConfigError(message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string, allowEmpty: boolean): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    fail(`${where} must be an array of non-empty strings`);
  }
  if (!allowEmpty && value.length === 0) {
    fail(`${where} must not be empty`);
  }
  return value as string[];
}

function httpsUrl(value: unknown, where: string): string {
  if (typeof value !== 'string') fail(`${where} must be a string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${where} is not a URL`);
  }
  // aws-jwt-verify fetches JWKS with node:https only; an http: URI could never work.
  if (url.protocol !== 'https:') fail(`${where} must be an https: URL`);
  return value;
}

function parseIssuer(raw: unknown, i: number): IssuerConfig {
  const where = `issuers[${i}]`;
  if (!isObject(raw)) fail(`${where} must be an object`);
  const issuer = httpsUrl(raw.issuer, `${where}.issuer`);
  const audience = raw.audience === null ? null : stringList(raw.audience, `${where}.audience`, false);
  const jwksUri = raw.jwksUri === undefined ? undefined : httpsUrl(raw.jwksUri, `${where}.jwksUri`);
  const tokenUse = raw.tokenUse ?? null;
  if (tokenUse !== null && tokenUse !== 'id' && tokenUse !== 'access') {
    fail(`${where}.tokenUse must be "id", "access" or null`);
  }
  const cognito = raw.cognito ?? false;
  if (typeof cognito !== 'boolean') fail(`${where}.cognito must be a boolean`);
  if (cognito && !cognitoAlternateIssuer(issuer)) {
    fail(`${where}.issuer is not a Cognito user pool issuer (https://cognito-idp.<region>.amazonaws.com/<userPoolId>)`);
  }
  return { issuer, audience, jwksUri, tokenUse, cognito };
}

function parseRoute(raw: unknown, routeKey: string): RouteRequirements {
  const where = `routes[${JSON.stringify(routeKey)}]`;
  if (!isObject(raw)) fail(`${where} must be an object`);
  for (const key of Object.keys(raw)) {
    if (key !== 'scopes' && key !== 'groups' && key !== 'claims') fail(`${where}.${key} is not a known requirement`);
  }
  // An empty scope/group list means "no requirement", as `authorizationScopes: []` does in aws-cdk-lib.
  const scopes = raw.scopes === undefined ? undefined : stringList(raw.scopes, `${where}.scopes`, true);
  const groups = raw.groups === undefined ? undefined : stringList(raw.groups, `${where}.groups`, true);
  let claims: Record<string, string[]> | undefined;
  if (raw.claims !== undefined) {
    if (!isObject(raw.claims)) fail(`${where}.claims must be an object`);
    claims = {};
    for (const [name, values] of Object.entries(raw.claims)) {
      // "must be one of nothing" would deny everyone: refuse it rather than guess.
      claims[name] = stringList(values, `${where}.claims.${name}`, false);
    }
  }
  return {
    ...(scopes?.length ? { scopes } : {}),
    ...(groups?.length ? { groups } : {}),
    ...(claims && Object.keys(claims).length ? { claims } : {}),
  };
}

/**
 * Parse and validate `AUTHORIZER_CONFIG` and the routes file (when the construct wrote one; the
 * routes may be in the environment instead, not in both). Throws {@link AuthorizerConfigError}.
 */
export function parseAuthorizerConfig(json: string | undefined, routesJson?: string): AuthorizerConfig {
  if (json === undefined || json === '') fail('AUTHORIZER_CONFIG is not set');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    fail('AUTHORIZER_CONFIG is not valid JSON');
  }
  if (!isObject(raw)) fail('AUTHORIZER_CONFIG must be a JSON object');
  if (!Array.isArray(raw.issuers) || raw.issuers.length === 0) fail('issuers must be a non-empty array');
  const issuers = raw.issuers.map(parseIssuer);
  const seen = new Set<string>();
  for (const { issuer, cognito } of issuers) {
    const names = cognito ? [issuer, cognitoAlternateIssuer(issuer)!] : [issuer];
    for (const name of names) {
      if (seen.has(name)) fail(`issuer ${name} is configured twice`);
      seen.add(name);
    }
  }
  let rawRoutes = raw.routes;
  if (routesJson !== undefined) {
    if (rawRoutes !== undefined) fail('routes are given both in AUTHORIZER_CONFIG and in the routes file');
    try {
      rawRoutes = JSON.parse(routesJson);
    } catch {
      fail('the routes file is not valid JSON');
    }
  }
  const routes: Record<string, RouteRequirements> = Object.create(null);
  if (rawRoutes !== undefined) {
    if (!isObject(rawRoutes)) fail('routes must be an object');
    for (const [routeKey, requirements] of Object.entries(rawRoutes)) {
      routes[routeKey] = parseRoute(requirements, routeKey);
    }
  }
  const jwksTimeoutMs = raw.jwksTimeoutMs ?? DEFAULT_JWKS_TIMEOUT_MS;
  if (typeof jwksTimeoutMs !== 'number' || !Number.isInteger(jwksTimeoutMs) || jwksTimeoutMs < 1 || jwksTimeoutMs > 30_000) {
    fail('jwksTimeoutMs must be an integer between 1 and 30000');
  }
  return { issuers, routes, jwksTimeoutMs };
}
