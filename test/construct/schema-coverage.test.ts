import { execFileSync } from 'child_process';
import * as path from 'path';
import { App, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { boundaryValues, PROP_LIMITS, PropLimit } from './prop-limits';
import { CognitoProtectedHttpApi, ManagedLoginBranding, RouteAuthorization, SignInMethod, SignInProvider, TokenAuthorizer, WhoamiFunction } from '../../src';
import { LIMITS, NumberLimit, StringLimit } from '../../src/construct/validation/cfn-limits';

/**
 * Keeps the construct's validation as strict as CloudFormation's resource schemas. Every string and
 * number prop is given a marker value; the test walks the schemas (as the pinned cfn-lint ships them)
 * of every resource type the construct emits, finds each constrained property (length, pattern,
 * enum, range) whose template value carries a marker — a value passed through from a prop — and
 * requires it to be listed below with the construct's limit, at least as strict as the schema's.
 * Then it tries every listed limit at and just past its bounds: accepted on one side, an Error that
 * names the prop on the other.
 */
const root = path.join(__dirname, '..', '..');

type Limit = StringLimit | NumberLimit;
interface PropFed {
  /** The prop as error messages name it. */
  readonly prop: string;
  /** The construct's limit, in the template's unit. */
  readonly limit: Limit;
  /** How a schema pattern on this property is enforced (required when the schema has one). */
  readonly pattern?: string;
  /** A count or a Duration: a value below 0 cannot even be written. */
  readonly unsigned?: boolean;
  /** Props (or a WhoamiFunction) with `value` in the prop, for the boundary checks. */
  readonly build?: (value: any, stack: Stack) => void;
}

/** A construct prop's limit from `prop-limits.ts`, built into a whole construct for the boundary checks. */
const fed = (entry: PropLimit, pattern?: string): PropFed => ({
  ...entry, pattern, build: (v, s) => new CognitoProtectedHttpApi(s, 'Api', entry.props(v)),
});
const L = PROP_LIMITS;

/** Constrained properties fed by props: `<type> <path>` → the construct's check. */
const PROP_FED: Record<string, PropFed> = {
  'AWS::Cognito::UserPool UserPoolName': fed(L.userPoolName),
  'AWS::Cognito::UserPool Policies.PasswordPolicy.MinimumLength': fed(L.minLength),
  'AWS::Cognito::UserPool Policies.PasswordPolicy.TemporaryPasswordValidityDays': fed(L.tempPasswordValidity),
  'AWS::Cognito::UserPoolClient ClientName': fed(L.userPoolClientName, 'Cognito\'s [\\w\\s+=,.@-]+ (cfn-limits.ts)'),
  'AWS::Cognito::UserPoolClient AccessTokenValidity': fed(L.accessTokenValidity),
  'AWS::Cognito::UserPoolClient IdTokenValidity': fed(L.idTokenValidity),
  'AWS::Cognito::UserPoolClient RefreshTokenValidity': fed(L.refreshTokenValidity),
  'AWS::Cognito::UserPoolGroup Description': fed(L.groupDescription),
  'AWS::Cognito::UserPoolGroup Precedence': fed(L.groupPrecedence),
  'AWS::Cognito::UserPoolResourceServer Scopes': fed(L.apiScopesCount),
  'AWS::Cognito::UserPoolResourceServer Scopes[].ScopeDescription': fed(L.scopeDescription),
  'AWS::Cognito::UserPoolClient AllowedOAuthScopes': fed(L.userClientApiScopesCount),
  'AWS::Cognito::UserPoolClient AllowedOAuthScopes[]': {
    prop: 'apiScopes[0].name', limit: LIMITS.oauthScope, pattern: 'the scope name and resource server identifier characters (api-scope-validation.ts)',
  },
  'AWS::Cognito::UserPoolClient CallbackURLs': { prop: 'callbackUrls.length', limit: LIMITS.redirectUrls },
  'AWS::Cognito::UserPoolClient CallbackURLs[]': { prop: 'callbackUrls[0]', limit: LIMITS.redirectUrl, pattern: 'absolute https URL (user-pool-validation.ts)' },
  'AWS::Cognito::UserPoolClient LogoutURLs': { prop: 'logoutUrls.length', limit: LIMITS.redirectUrls },
  'AWS::Cognito::UserPoolClient LogoutURLs[]': { prop: 'logoutUrls[0]', limit: LIMITS.redirectUrl, pattern: 'absolute https URL (user-pool-validation.ts)' },
  'AWS::Cognito::UserPoolDomain Domain': fed(L.domainPrefix, 'lowercase letters, digits, hyphens (api-scope-validation.ts); signInDomainName: DNS_NAME, ≤ 63 (sign-in-validation.ts)'),
  'AWS::Cognito::UserPoolGroup GroupName': fed(L.groupName, 'GROUP_NAME (api-scope-validation.ts)'),
  'AWS::Cognito::UserPoolResourceServer Identifier': {
    prop: 'resourceServerIdentifier', limit: { minLength: 1, maxLength: 256 }, pattern: 'RESOURCE_SERVER_ID (api-scope-validation.ts)',
  },
  'AWS::Cognito::UserPoolResourceServer Name': {
    prop: 'resourceServerIdentifier', limit: { minLength: 1, maxLength: 256 }, pattern: 'validResourceServerName() replaces what the name pattern refuses (validation/cfn-limits.ts)',
  },
  'AWS::Cognito::UserPoolResourceServer Scopes[].ScopeName': {
    prop: 'apiScopes[0].name', limit: { minLength: 1, maxLength: 256 }, pattern: 'SCOPE_NAME (api-scope-validation.ts)',
  },
  'AWS::Route53::RecordSet Name': {
    prop: 'domainName', limit: LIMITS.domainName, pattern: 'a DNS name (ACM and Route 53 validate it)',
  },
  'AWS::Cognito::UserPool Policies.PasswordPolicy.PasswordHistorySize': fed(L.passwordHistorySize),
  'AWS::Cognito::UserPool WebAuthnRelyingPartyID': { prop: 'passkeyRelyingPartyId', limit: LIMITS.passkeyRelyingPartyId },
  // An empty customAttributes writes no Schema: what reaches the template has 1 to 50 items.
  'AWS::Cognito::UserPool Schema': { prop: 'customAttributes', limit: { ...LIMITS.customAttributesCount, minimum: 1 } },
  'AWS::Cognito::UserPool Schema[].Name': fed(L.customAttributeName, 'LIMITS.customAttributeName.pattern (cfn-limits.ts)'),
  'AWS::Cognito::UserPoolClient ReadAttributes[]': { prop: 'customAttributes', limit: LIMITS.customAttributeName },
  'AWS::Cognito::UserPoolClient WriteAttributes[]': { prop: 'customAttributes', limit: LIMITS.customAttributeName },
  'AWS::Cognito::UserPoolClient RefreshTokenRotation.RetryGracePeriodSeconds': fed(L.refreshTokenRotationGracePeriod),
  'AWS::Cognito::UserPoolClient SupportedIdentityProviders[]': {
    prop: 'signInProviders[0].name', limit: LIMITS.providerName, pattern: 'the provider name pattern (cfn-limits.ts)',
  },
  'AWS::Cognito::UserPoolIdentityProvider ProviderName': fed(L.providerName, 'LIMITS.providerName.pattern (cfn-limits.ts); Google and the others have fixed names'),
  'AWS::Cognito::ManagedLoginBranding Assets': { prop: 'managedLoginBranding.assets.length', limit: LIMITS.brandingAssets },
  'AWS::Cognito::ManagedLoginBranding Assets[].Bytes': fed(L.brandingAssetBytes),
  'AWS::WAFv2::WebACLAssociation WebACLArn': { prop: 'userPoolWebAclArn', limit: LIMITS.webAclArn, pattern: 'WEB_ACL_ARN (sign-in-validation.ts)' },
  'AWS::Lambda::Function MemorySize': {
    prop: 'memorySize', limit: { minimum: 128, maximum: 32_768, integer: true }, build: (v, s) => new WhoamiFunction(s, 'Fn', { memorySize: v }),
  },
  'AWS::Lambda::Function Timeout': {
    prop: 'timeout', limit: { minimum: 1, maximum: 900, integer: true }, build: (v, s) => new WhoamiFunction(s, 'Fn', { timeout: Duration.seconds(v) }),
  },
};

/** Limits of the service that the schemas do not carry (API Gateway, Cognito's API): boundary-checked too. */
const SERVICE_LIMITS: PropFed[] = [fed(L.apiName), fed(L.apiDescription), fed(L.corsMaxAge)];

// ---- markers: every string and number prop, with a value found nowhere else in the template ----
const MARKERS: Record<string, string | number> = {
  userPoolName: 'MarkerPoolName',
  userPoolClientName: 'MarkerClientName',
  groupDescription: 'MarkerGroupDescription',
  groupPrecedence: 4321,
  scopeDescription: 'MarkerScopeDescription',
  apiName: 'MarkerApiName',
  apiDescription: 'MarkerApiDescription',
  corsMaxAge: 4242,
  rate: 1717,
  burst: 1818,
  accessTokenValidity: 77,
  idTokenValidity: 78,
  refreshTokenValidity: 7979,
  minLength: 13,
  tempPasswordValidity: 11,
  memorySize: 1234,
  timeout: 321,
  machineAccessTokenValidity: 81,
  groupName: 'markergroup',
  scopeName: 'markerscope',
  resourceServerIdentifier: 'markerserver',
  callbackUrl: 'markercallback',
  logoutUrl: 'markerlogout',
  domainPrefix: 'markerprefix',
  machineClientName: 'markermachine',
  domainName: 'markerdomain',
  origin: 'markerorigin',
  path: 'markerpath',
  issuer: 'markerissuer',
  audience: 'markeraudience',
  claim: 'markerclaim',
  passwordHistorySize: 19,
  providerName: 'markeroidc',
  signInDomainName: 'markersignin',
  customAttribute: 'markerattr',
  brandingBytes: 'markerbytes',
  webAcl: 'markeracl',
  rotationGrace: 37,
};

function markedStack(): Template {
  const stack = new Stack(new App({ analyticsReporting: false }), 'Marked', { env: { account: '123456789012', region: 'eu-west-1' } });
  const handler = new WhoamiFunction(stack, 'Handler', { memorySize: MARKERS.memorySize as number, timeout: Duration.seconds(MARKERS.timeout as number) });
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
  new CognitoProtectedHttpApi(stack, 'Api', {
    userPoolName: MARKERS.userPoolName as string,
    userPoolClientName: MARKERS.userPoolClientName as string,
    passwordPolicy: {
      minLength: MARKERS.minLength as number,
      tempPasswordValidity: Duration.days(MARKERS.tempPasswordValidity as number),
      passwordHistorySize: MARKERS.passwordHistorySize as number,
    },
    accessTokenValidity: Duration.minutes(MARKERS.accessTokenValidity as number),
    idTokenValidity: Duration.minutes(MARKERS.idTokenValidity as number),
    refreshTokenValidity: Duration.minutes(MARKERS.refreshTokenValidity as number),
    mfa: cognito.Mfa.OPTIONAL,
    groups: [{ name: 'markergroup', description: MARKERS.groupDescription as string, precedence: MARKERS.groupPrecedence as number }],
    apiScopes: [{ name: 'markerscope', description: MARKERS.scopeDescription as string }],
    resourceServerIdentifier: 'markerserver',
    callbackUrls: ['https://markercallback.example.com/cb'],
    logoutUrls: ['https://markerlogout.example.com/'],
    domainPrefix: 'markerprefix',
    machineClients: [{ name: 'markermachine', scopes: ['markerserver/markerscope'], accessTokenValidity: Duration.minutes(MARKERS.machineAccessTokenValidity as number) }],
    apiName: MARKERS.apiName as string,
    apiDescription: MARKERS.apiDescription as string,
    corsPreflight: { allowOrigins: ['https://markerorigin.example.com'], maxAge: Duration.seconds(MARKERS.corsMaxAge as number) },
    throttlingRateLimit: MARKERS.rate as number,
    throttlingBurstLimit: MARKERS.burst as number,
    domainName: 'markerdomain.example.com',
    hostedZone,
    routes: [
      { path: '/markerpath/{id}', methods: [HttpMethod.ANY], handler, authorization: RouteAuthorization.inGroups(['markergroup']) },
      { path: '/markerpublic', handler, authorization: RouteAuthorization.publicAccess() },
    ],
  });
  new CognitoProtectedHttpApi(stack, 'LambdaApi', {
    tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer({ issuers: [{ issuer: 'https://markerissuer.example.com/', audience: ['markeraudience'] }] }),
    routes: [{ path: '/markerclaims', handler, authorization: RouteAuthorization.signedIn({ claims: [{ name: 'markerclaim', values: ['x'] }] }) }],
  });
  // The sign-in props, on a pool of their own (a custom sign-in domain replaces the prefix domain above).
  new CognitoProtectedHttpApi(stack, 'SignInApi', {
    callbackUrls: ['https://app.example.com/cb'],
    email: cognito.UserPoolEmail.withSES({ fromEmail: 'no-reply@example.com' }),
    signInProviders: [
      SignInProvider.google({ clientId: 'google', clientSecret: SecretValue.secretsManager('google') }),
      SignInProvider.oidc({ name: MARKERS.providerName as string, clientId: 'c', clientSecret: SecretValue.secretsManager('oidc'), issuerUrl: 'https://login.example.com' }),
    ],
    signInDomainName: 'markersignin.example.com',
    signInCertificate: acm.Certificate.fromCertificateArn(stack, 'SignInCert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
    signInHostedZone: hostedZone,
    managedLoginBranding: ManagedLoginBranding.custom({ settingsJson: '{}', assets: [{ category: 'FORM_LOGO', colorMode: 'LIGHT', extension: 'PNG', bytes: MARKERS.brandingBytes as string }] }),
    signInMethods: [SignInMethod.PASSWORD, SignInMethod.EMAIL_OTP, SignInMethod.PASSKEY],
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
    userPoolWebAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/markeracl/0123',
    customAttributes: { markerattr: new cognito.StringAttribute({ minLen: 1, maxLen: 16, mutable: true }) },
    clientReadAttributes: new cognito.ClientAttributes().withCustomAttributes('markerattr'),
    clientWriteAttributes: new cognito.ClientAttributes().withCustomAttributes('markerattr'),
    refreshTokenRotationGracePeriod: Duration.seconds(MARKERS.rotationGrace as number),
  });
  return Template.fromStack(stack);
}

/** Every value at a schema path (`a.b`, arrays as `[]`) of a resource's properties. */
function valuesAt(node: any, parts: string[]): any[] {
  if (node === undefined || node === null) return [];
  if (parts.length === 0) return [node];
  const [head, ...rest] = parts;
  if (head.endsWith('[]')) {
    const list = node[head.slice(0, -2)];
    return Array.isArray(list) ? list.flatMap((item) => valuesAt(item, rest)) : [];
  }
  return valuesAt(node[head], rest);
}
const splitPath = (p: string) => p.split('.').flatMap((part) => (part.endsWith('[]') && part !== '[]' ? [part] : [part]));

function carriesMarker(value: any): boolean {
  const text = JSON.stringify(value);
  return Object.values(MARKERS).some((marker) => (typeof marker === 'string' ? text.includes(marker) : value === marker));
}

const template = markedStack();
const resources: Array<{ Type: string; Properties?: any }> = Object.values(template.toJSON().Resources);
const emittedTypes = [...new Set(resources.map((r) => r.Type))].sort();
let schemas: Record<string, Record<string, Record<string, any>>> = {};

beforeAll(() => {
  const venv = execFileSync('bash', [path.join(root, 'test/lint/venv.sh')], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  schemas = JSON.parse(execFileSync(path.join(venv, 'bin', 'python'), [path.join(root, 'test/lint/schema_constraints.py'), ...emittedTypes], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 }));
}, 600_000);

test('every constrained schema property the construct fills from a prop is checked at least as strictly', () => {
  const passedThrough = new Set<string>();
  const problems: string[] = [];
  for (const type of emittedTypes) {
    for (const [schemaPath, constraint] of Object.entries(schemas[type] ?? {})) {
      const values = resources.filter((r) => r.Type === type).flatMap((r) => valuesAt(r.Properties ?? {}, splitPath(schemaPath)));
      if (values.some(carriesMarker)) {
        passedThrough.add(`${type} ${schemaPath}`);
        const entry = PROP_FED[`${type} ${schemaPath}`];
        if (!entry) {
          problems.push(`${type} ${schemaPath}: ${JSON.stringify(constraint)} is filled from a prop but not listed in PROP_FED`);
          continue;
        }
        const limit: any = entry.limit;
        const stricter = {
          minLength: constraint.minLength === undefined || limit.minLength >= constraint.minLength,
          maxLength: constraint.maxLength === undefined || limit.maxLength <= constraint.maxLength,
          minimum: constraint.minimum === undefined || limit.minimum >= constraint.minimum,
          maximum: constraint.maximum === undefined || limit.maximum <= constraint.maximum,
          minItems: constraint.minItems === undefined || limit.minimum >= constraint.minItems,
          maxItems: constraint.maxItems === undefined || limit.maximum <= constraint.maxItems,
          pattern: constraint.pattern === undefined || entry.pattern !== undefined || limit.pattern !== undefined,
          enum: constraint.enum === undefined,
        };
        for (const [rule, ok] of Object.entries(stricter)) {
          if (!ok) problems.push(`${type} ${schemaPath}: the construct's ${rule} check is looser than the schema's ${JSON.stringify(constraint)}`);
        }
      }
    }
  }
  // No stale entries: each listed property is one the construct fills from a prop.
  problems.push(...Object.keys(PROP_FED).filter((key) => !passedThrough.has(key)).map((key) => `${key}: listed, but no prop fills it`));
  expect(problems).toEqual([]);
});

describe.each([...Object.values(PROP_FED), ...SERVICE_LIMITS].filter((entry) => entry.build).map((entry) => [entry.prop, entry] as const))('%s', (prop, entry) => {
  const { accepted, refused } = boundaryValues(entry);
  const stack = () => new Stack(new App({ analyticsReporting: false }), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  const show = (values: any[]) => values.map((v) => (typeof v === 'string' ? `${v.length} chars` : v)).join(' and ');

  test(`accepts ${show(accepted)}; refuses ${show(refused) || 'nothing below 0'} with an error naming the prop`, () => {
    for (const ok of accepted) {
      expect(() => entry.build!(ok, stack())).not.toThrow();
    }
    for (const bad of refused) {
      expect(() => entry.build!(bad, stack())).toThrow(new RegExp(`^(CognitoProtectedHttpApi|WhoamiFunction): ${prop.replace(/[[\].]/g, '\\$&')}: `));
    }
  });
});
