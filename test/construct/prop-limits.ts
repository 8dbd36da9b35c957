import { Duration, SecretValue } from 'aws-cdk-lib';
import { StringAttribute } from 'aws-cdk-lib/aws-cognito';
import { CognitoProtectedHttpApiProps, ManagedLoginBranding, SignInProvider } from '../../src';
import { NumberLimit, StringLimit } from '../../src/construct/validation/cfn-limits';

/**
 * The construct's props whose values reach the template under a limit (a CloudFormation schema's or
 * the service's), each with the props that set it alone. Shared by the schema-coverage test (which
 * walks the schemas) and the property-based tests (which combine boundary values with random props).
 * The limits are written out here, as AWS documents them, not read from `cfn-limits.ts`: a limit
 * loosened there turns these tests red.
 */
export interface PropLimit {
  /** The prop as error messages name it. */
  readonly prop: string;
  /** The construct's limit, in the template's unit. */
  readonly limit: StringLimit | NumberLimit;
  /** A count or a Duration: a value below 0 cannot even be written. */
  readonly unsigned?: boolean;
  /** A number of items: a fraction cannot even be written. */
  readonly count?: boolean;
  /** The list the props replace as a whole: random props that declare their own must give it up. */
  readonly replaces?: 'groups' | 'apiScopes';
  /** Props of a construct that creates its pool, with `value` in the prop. */
  readonly props: (value: any) => CognitoProtectedHttpApiProps;
}

/** Cognito's name rule for pools and app clients (1-128 characters). */
const COGNITO_NAME = { minLength: 1, maxLength: 128 };
const scopes = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `s${i}` }));

export const PROP_LIMITS = {
  userPoolName: { prop: 'userPoolName', limit: COGNITO_NAME, props: (v) => ({ userPoolName: v }) },
  minLength: { prop: 'passwordPolicy.minLength', limit: { minimum: 6, maximum: 99, integer: true }, props: (v) => ({ passwordPolicy: { minLength: v } }) },
  tempPasswordValidity: {
    prop: 'passwordPolicy.tempPasswordValidity',
    limit: { minimum: 1, maximum: 365, integer: true },
    props: (v) => ({ passwordPolicy: { tempPasswordValidity: Duration.days(v) } }),
  },
  userPoolClientName: { prop: 'userPoolClientName', limit: COGNITO_NAME, props: (v) => ({ userPoolClientName: v }) },
  accessTokenValidity: { prop: 'accessTokenValidity', limit: { minimum: 5, maximum: 1440, integer: true }, props: (v) => ({ accessTokenValidity: Duration.minutes(v) }) },
  idTokenValidity: { prop: 'idTokenValidity', limit: { minimum: 5, maximum: 1440, integer: true }, props: (v) => ({ idTokenValidity: Duration.minutes(v) }) },
  refreshTokenValidity: {
    prop: 'refreshTokenValidity', limit: { minimum: 60, maximum: 5_256_000, integer: true }, props: (v) => ({ refreshTokenValidity: Duration.minutes(v) }),
  },
  groupName: { prop: 'groups[0].name', limit: { minLength: 1, maxLength: 128 }, replaces: 'groups', props: (v) => ({ groups: [{ name: v }] }) },
  groupDescription: { prop: 'groups[0].description', limit: { minLength: 0, maxLength: 2048 }, replaces: 'groups', props: (v) => ({ groups: [{ name: 'g', description: v }] }) },
  groupPrecedence: { prop: 'groups[0].precedence', limit: { minimum: 0, maximum: 2_147_483_647, integer: true }, replaces: 'groups', props: (v) => ({ groups: [{ name: 'g', precedence: v }] }) },
  apiScopesCount: { prop: 'apiScopes.length', limit: { minimum: 0, maximum: 100, integer: true }, unsigned: true, count: true, replaces: 'apiScopes', props: (v) => ({ apiScopes: scopes(v) }) },
  scopeDescription: {
    prop: 'apiScopes[0].description', limit: { minLength: 1, maxLength: 256 }, replaces: 'apiScopes', props: (v) => ({ apiScopes: [{ name: 'read', description: v }] }),
  },
  userClientApiScopesCount: {
    prop: 'apiScopes.length',
    limit: { minimum: 0, maximum: 47, integer: true },
    unsigned: true,
    count: true,
    replaces: 'apiScopes',
    props: (v) => ({ callbackUrls: ['https://app.example.com/cb'], apiScopes: scopes(v) }),
  },
  domainPrefix: { prop: 'domainPrefix', limit: { minLength: 1, maxLength: 63 }, props: (v) => ({ domainPrefix: v }) },
  apiName: { prop: 'apiName', limit: { minLength: 1, maxLength: 128 }, props: (v) => ({ apiName: v }) },
  apiDescription: { prop: 'apiDescription', limit: { minLength: 0, maxLength: 1024 }, props: (v) => ({ apiDescription: v }) },
  corsMaxAge: {
    prop: 'corsPreflight.maxAge',
    limit: { minimum: 0, maximum: 86_400, integer: true },
    unsigned: true,
    props: (v) => ({ corsPreflight: { allowOrigins: ['*'], maxAge: Duration.seconds(v) } }),
  },
  passwordHistorySize: {
    prop: 'passwordPolicy.passwordHistorySize', limit: { minimum: 0, maximum: 24, integer: true }, props: (v) => ({ passwordPolicy: { passwordHistorySize: v } }),
  },
  providerName: {
    prop: 'signInProviders[0].name',
    limit: { minLength: 3, maxLength: 32 },
    props: (v) => ({ callbackUrls: ['https://app.example.com/cb'], signInProviders: [SignInProvider.oidc({ name: v, clientId: 'c', clientSecret: SecretValue.secretsManager('s'), issuerUrl: 'https://login.example.com' })] }),
  },
  customAttributeName: { prop: 'customAttributes', limit: { minLength: 1, maxLength: 20 }, props: (v) => ({ customAttributes: { [v]: new StringAttribute() } }) },
  refreshTokenRotationGracePeriod: {
    prop: 'refreshTokenRotationGracePeriod', limit: { minimum: 0, maximum: 60, integer: true }, unsigned: true, props: (v) => ({ refreshTokenRotationGracePeriod: Duration.seconds(v) }),
  },
  brandingAssetBytes: {
    prop: 'managedLoginBranding.assets[0].bytes',
    limit: { minLength: 1, maxLength: 900_000 },
    props: (v) => ({
      callbackUrls: ['https://app.example.com/cb'],
      managedLoginBranding: ManagedLoginBranding.custom({ settingsJson: '{}', assets: [{ category: 'FORM_LOGO', colorMode: 'LIGHT', extension: 'PNG', bytes: v }] }),
    }),
  },
} satisfies Record<string, PropLimit>;

/** The values at a limit's bounds (accepted) and just past them (refused); `'a'.repeat(n)` for strings. */
export function boundaryValues(entry: Pick<PropLimit, 'limit' | 'unsigned' | 'count'>): { accepted: any[]; refused: any[] } {
  const limit: any = entry.limit;
  const isString = 'maxLength' in limit;
  const [low, high] = isString ? [limit.minLength, limit.maxLength] : [limit.minimum, limit.maximum];
  const value = (n: number) => (isString ? 'a'.repeat(n) : n);
  const refused = [low - 1, high + 1].filter((n) => n >= 0 || !(isString || entry.unsigned));
  // An integer-typed schema property never receives a fraction (counts cannot even be written as one).
  const fraction = !isString && limit.integer && !entry.count ? [low + 0.5] : [];
  return { accepted: [low, high].map(value), refused: [...refused.map(value), ...fraction] };
}
