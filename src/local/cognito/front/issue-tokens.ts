import { decodeJwt } from 'jose';
import { tokenLifetimes } from '../token-validity';
import { TokenUser } from '../tokens';
import { runPreTokenGeneration } from '../triggers';
import { FrontCall } from './call';

/**
 * The tokens of a sign-in as Cognito issues them, from moto's answer (`AuthenticationResult`):
 * PostAuthentication (not on a refresh), PreTokenGeneration, then the ID and access tokens signed
 * again with the user's attributes, groups and the trigger's changes; moto's refresh token kept.
 * Used by every operation that ends a sign-in: InitiateAuth (password and refresh flows) and
 * RespondToAuthChallenge (PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, …).
 * Returns the user signed in (undefined when `result` carries no tokens: a challenge, passed on).
 */
export async function issueTokens(
  call: FrontCall, result: Record<string, any>, options: { refresh: boolean; username?: string },
): Promise<TokenUser | undefined> {
  const { body, pool, services } = call;
  const tokens = result.AuthenticationResult;
  if (!tokens?.IdToken) return undefined;
  const motoClaims = decodeJwt(String(tokens.IdToken));
  const user = await call.user(String(motoClaims['cognito:username'] ?? options.username));
  if (!options.refresh) {
    await call.trigger('PostAuthentication', 'PostAuthentication_Authentication', user.username, {
      userAttributes: user.attributes, newDeviceUsed: false,
    });
  }
  const scopes = ['aws.cognito.signin.user.admin'];
  const overrides = await runPreTokenGeneration(pool.triggers.PreTokenGeneration, {
    region: pool.region,
    userPoolId: pool.userPoolId,
    clientId: body.ClientId,
    user,
    scopes,
    userName: user.username,
    triggerSource: options.refresh ? 'TokenGeneration_RefreshTokens' : 'TokenGeneration_Authentication',
  });
  // The client's validities (moto issues every token for an hour).
  const lifetimes = tokenLifetimes(await call.client() ?? {});
  // moto's sign-in id: its refresh token yields tokens with the same one, as Cognito's does.
  const originJti = String(motoClaims.origin_jti);
  const issued = await services.signer.userTokens({
    issuer: pool.issuer,
    clientId: body.ClientId,
    user,
    scopes,
    authTime: Number(motoClaims.auth_time ?? Math.floor(Date.now() / 1000)),
    originJti,
    accessTtlSeconds: lifetimes.access,
    idTtlSeconds: lifetimes.id,
    overrides,
    idToken: true,
  });
  result.AuthenticationResult = { ...tokens, ExpiresIn: lifetimes.access, IdToken: issued.idToken, AccessToken: issued.accessToken };
  // Kept: moto's access token for the access-token operations, and the sign-in, for revocation.
  const signIn = { userPoolId: pool.userPoolId, clientId: body.ClientId, username: user.username, sub: user.sub, originJti };
  const now = Math.floor(Date.now() / 1000);
  services.state.tokens.rememberAccessToken(issued.accessToken, signIn, tokens.AccessToken, now + lifetimes.access);
  if (tokens.RefreshToken) services.state.tokens.rememberRefreshToken(tokens.RefreshToken, signIn, now + lifetimes.refresh);
  return user;
}
