import { discoveryDocument } from '../discovery';
import { FrontPool, FrontServices } from './call';

/**
 * The issuer's documents, served by the front at `/<poolId>/.well-known/openid-configuration` and
 * `/<poolId>/.well-known/jwks.json`: the `local` issuer is the front's URL + `/<poolId>`, and the AWS
 * issuer (`https://cognito-idp.<region>.amazonaws.com/<poolId>`) is mapped to the front by the runner's
 * URL map, so both find the pool's keys here. The document's `issuer` is the pool's (the tokens' `iss`).
 */
export async function wellKnown(
  pathname: string, frontUrl: string, poolOf: (userPoolId: string) => Promise<FrontPool | undefined>, services: FrontServices,
): Promise<unknown | undefined> {
  const match = /^\/([^/]+)\/\.well-known\/(openid-configuration|jwks\.json)$/.exec(pathname);
  const pool = match && await poolOf(match[1]);
  if (!pool) return undefined;
  if (match[2] === 'jwks.json') return services.signer.jwks(pool.userPoolId);
  return discoveryDocument({ issuer: pool.issuer, jwksUri: `${frontUrl}/${pool.userPoolId}/.well-known/jwks.json`, oauthUrl: pool.oauthUrl });
}
