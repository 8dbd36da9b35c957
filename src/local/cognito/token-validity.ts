/**
 * How long an app client's tokens live ("App client token expiration", `TokenValidityUnits`):
 * access and ID tokens 1 hour, refresh tokens 30 days unless the client says otherwise. moto issues
 * every token for an hour, so the local endpoints apply these themselves.
 */

/** DescribeUserPoolClient's validity fields. */
export interface TokenValidities {
  readonly AccessTokenValidity?: number;
  readonly IdTokenValidity?: number;
  readonly RefreshTokenValidity?: number;
  readonly TokenValidityUnits?: { AccessToken?: string; IdToken?: string; RefreshToken?: string };
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** The client's token lifetimes, in seconds. */
export function tokenLifetimes(client: TokenValidities): { access: number; id: number; refresh: number } {
  const units = client.TokenValidityUnits ?? {};
  const seconds = (value: number | undefined, unit: string | undefined, defaultUnit: string, defaultValue: number) =>
    (value ?? defaultValue) * UNIT_SECONDS[unit ?? defaultUnit];
  return {
    access: seconds(client.AccessTokenValidity, units.AccessToken, 'hours', 1),
    id: seconds(client.IdTokenValidity, units.IdToken, 'hours', 1),
    refresh: seconds(client.RefreshTokenValidity, units.RefreshToken, 'days', 30),
  };
}
