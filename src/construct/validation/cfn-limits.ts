import { Duration, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';

/**
 * Limits of the values the construct writes into the template from a prop: the CloudFormation
 * resource schemas' lengths, patterns and ranges, plus the service limits the schemas do not carry.
 * `test/construct/schema-coverage.test.ts` walks the schemas and keeps this table complete.
 * Each check throws an `Error` that names the prop, shows the value and says the rule; tokens
 * (values known only at deploy) are left alone.
 */
export interface StringLimit {
  readonly minLength: number;
  readonly maxLength: number;
  /** The characters allowed, and how to say them. */
  readonly pattern?: RegExp;
  readonly patternText?: string;
}

export interface NumberLimit {
  readonly minimum: number;
  readonly maximum: number;
  readonly integer: boolean;
}

/** Cognito's name pattern for pools, app clients and resource servers (`[\w\s+=,.@-]+`). */
const COGNITO_NAME = { pattern: /^[\w\s+=,.@-]+$/u, patternText: 'letters, digits, spaces and + = , . @ - _' };

export const LIMITS = {
  /** AWS::Cognito::UserPool.UserPoolName (schema 1-128; CreateUserPool's pattern). */
  userPoolName: { minLength: 1, maxLength: 128, ...COGNITO_NAME },
  /** AWS::Cognito::UserPoolClient.ClientName (schema 1-128; CreateUserPoolClient's pattern). */
  userPoolClientName: { minLength: 1, maxLength: 128, ...COGNITO_NAME },
  /** AWS::Cognito::UserPoolGroup.Description (schema ≤ 2048). */
  groupDescription: { minLength: 0, maxLength: 2048 },
  /** AWS::Cognito::UserPoolGroup.Precedence (schema ≥ 0; CreateGroup ≤ 2^31-1). */
  groupPrecedence: { minimum: 0, maximum: 2_147_483_647, integer: true },
  /** AWS::Cognito::UserPoolResourceServer Scopes (schema ≤ 100 items). */
  apiScopesCount: { minimum: 0, maximum: 100, integer: true },
  /** AWS::Cognito::UserPoolClient AllowedOAuthScopes (schema ≤ 50): the user client's are openid, email, profile and every API scope. */
  oauthScopesCount: { minimum: 0, maximum: 50, integer: true },
  userClientApiScopesCount: { minimum: 0, maximum: 47, integer: true },
  /** AWS::Cognito::UserPoolClient AllowedOAuthScopes[] (schema 1-256): `<resourceServerIdentifier>/<name>`. */
  oauthScope: { minLength: 1, maxLength: 256 },
  /** AWS::Route53::RecordSet.Name from domainName (schema ≤ 1024; DNS ≤ 253). */
  domainName: { minLength: 1, maxLength: 253 },
  /** AWS::Cognito::UserPoolResourceServer Scopes[].ScopeDescription (schema 1-256). */
  scopeDescription: { minLength: 1, maxLength: 256 },
  /** AWS::Cognito::UserPoolClient CallbackURLs[] / LogoutURLs[] (CreateUserPoolClient 1-1024, ≤ 100 URLs). */
  redirectUrl: { minLength: 1, maxLength: 1024 },
  redirectUrls: { minimum: 1, maximum: 100, integer: true },
  /** AWS::ApiGatewayV2::Api.Name and Description (API Gateway: ≤ 128, ≤ 1024). */
  apiName: { minLength: 1, maxLength: 128 },
  apiDescription: { minLength: 0, maxLength: 1024 },
  /** AWS::ApiGatewayV2::Api CorsConfiguration.MaxAge (API Gateway: 0-86400 s; the schema has no range). */
  corsMaxAgeSeconds: { minimum: 0, maximum: 86_400, integer: true },
  /** AWS::Lambda::Function.MemorySize and Timeout (schema 128-32768 MB, 1-900 s). */
  functionMemorySize: { minimum: 128, maximum: 32_768, integer: true },
  functionTimeoutSeconds: { minimum: 1, maximum: 900, integer: true },
  /** AWS::Cognito::UserPool Policies.PasswordPolicy.PasswordHistorySize (schema 0-24, an integer). */
  passwordHistorySize: { minimum: 0, maximum: 24, integer: true },
  /** AWS::Cognito::UserPoolIdentityProvider.ProviderName (schema 1-32 with a pattern that needs 3 characters). */
  providerName: { minLength: 3, maxLength: 32, pattern: /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u, patternText: 'letters, digits and punctuation, no spaces, no "_" at the ends' },
  /** AWS::Cognito::UserPoolDomain.Domain from signInDomainName (schema 1-63: the whole custom domain). */
  signInDomainName: { minLength: 1, maxLength: 63 },
  /** AWS::Cognito::UserPool.WebAuthnRelyingPartyID (schema 1-63). */
  passkeyRelyingPartyId: { minLength: 1, maxLength: 63 },
  /** AWS::Cognito::UserPool Schema (schema ≤ 50 items) and Schema[].Name (schema 1-20, letters, marks, symbols, digits, punctuation). */
  customAttributesCount: { minimum: 0, maximum: 50, integer: true },
  customAttributeName: { minLength: 1, maxLength: 20, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, patternText: 'letters, digits, symbols and punctuation (no spaces)' },
  /** AWS::Cognito::UserPool Schema[].StringAttributeConstraints (Cognito: whole numbers 0-2048). */
  customAttributeLength: { minimum: 0, maximum: 2048, integer: true },
  /**
   * AWS::Cognito::ManagedLoginBranding Assets (schema ≤ 40) and Assets[].Bytes (schema ≤ 1,000,000; held to
   * 900,000 so that the template still fits CloudFormation's 1 MB template limit around one such asset).
   */
  brandingAssets: { minimum: 0, maximum: 40, integer: true },
  brandingAssetBytes: { minLength: 1, maxLength: 900_000 },
  /** AWS::WAFv2::WebACLAssociation.WebACLArn (schema 20-2048). */
  webAclArn: { minLength: 20, maxLength: 2048 },
  /** AWS::Cognito::UserPoolClient RefreshTokenRotation.RetryGracePeriodSeconds (schema 0-60, an integer). */
  refreshTokenRotationGracePeriodSeconds: { minimum: 0, maximum: 60, integer: true },
} as const;

/** Throws unless a (resolved) string keeps its limit. */
export function checkString(owner: string, prop: string, value: string | undefined, limit: StringLimit): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  const length = [...value].length;
  if (length < limit.minLength || length > limit.maxLength) {
    const range = limit.minLength === 0 ? `at most ${limit.maxLength}` : `${limit.minLength} to ${limit.maxLength}`;
    throw new Error(`${owner}: ${prop}: ${describe(value)} has ${length} characters; CloudFormation accepts ${range}.`);
  }
  if (limit.pattern && !limit.pattern.test(value)) {
    throw new Error(`${owner}: ${prop}: ${describe(value)} may only contain ${limit.patternText}.`);
  }
}

/** Throws unless a (resolved) number keeps its limit. */
export function checkNumber(owner: string, prop: string, value: number | undefined, limit: NumberLimit, unit = ''): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isFinite(value) || (limit.integer && !Number.isInteger(value)) || value < limit.minimum || value > limit.maximum) {
    throw new Error(`${owner}: ${prop}: is ${value}${unit}; CloudFormation accepts ${limit.integer ? 'whole numbers' : 'numbers'} from ${limit.minimum} to ${limit.maximum}${unit}.`);
  }
}

/** CORS as API Gateway accepts it: `maxAge` in whole seconds up to a day, origins `*` or `scheme://host[:port]`. */
export function checkCors(owner: string, cors: apigwv2.CorsPreflightOptions | undefined): void {
  if (cors?.maxAge !== undefined && !Token.isUnresolved(cors.maxAge.toMilliseconds({ integral: false }))) {
    const millis = cors.maxAge.toMilliseconds({ integral: false });
    if (millis % 1000 !== 0) {
      throw new Error(`${owner}: corsPreflight.maxAge: is ${cors.maxAge.toHumanString()}; API Gateway takes whole seconds, e.g. Duration.seconds(${Math.round(millis / 1000)}).`);
    }
    checkNumber(owner, 'corsPreflight.maxAge', millis / 1000, LIMITS.corsMaxAgeSeconds, ' s');
  }
  (cors?.allowOrigins ?? []).forEach((origin, index) => {
    if (!Token.isUnresolved(origin) && origin !== '*' && !/^[a-z][a-z0-9+.-]*:\/\/[^\s/:?#]+(:\d{1,5})?$/i.test(origin)) {
      throw new Error(`${owner}: corsPreflight.allowOrigins[${index}]: "${origin}" is not an origin; API Gateway accepts "*" or scheme://host[:port], without a path or trailing "/" (e.g. "https://app.example.com").`);
    }
  });
}

/** A value as a message shows it: short ones whole, long ones by their start. */
function describe(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
}

/** Seconds of a duration for the numeric checks (tokens stay tokens). */
export function durationInSeconds(duration: Duration | undefined): number | undefined {
  return duration?.toSeconds({ integral: false });
}

/** A resource server's name from its identifier: Cognito's name pattern allows no ":" or "/". */
export function validResourceServerName(identifier: string): string {
  return identifier.replace(/[^\w\s+=,.@-]+/gu, '-').slice(0, 256);
}
