import { decodeJwt } from 'jose';
import { CognitoError } from '../client';
import { runPreTokenGeneration } from '../triggers';
import { ok, Operation, passOn } from './call';

/**
 * Sign-in (`InitiateAuth`, `AdminInitiateAuth`): PreAuthentication before, PostAuthentication after
 * (password flows), and the tokens issued again as Cognito issues them, PreTokenGeneration included.
 */

const initiateAuth: Operation = async (call) => {
  const { body, pool, services } = call;
  const refresh = /REFRESH_TOKEN/.test(String(body.AuthFlow));
  const username = body.AuthParameters?.USERNAME;
  const refreshed = refresh ? services.state.tokens.refreshToken(String(body.AuthParameters?.REFRESH_TOKEN)) : undefined;
  if (refreshed && services.state.tokens.isRevoked(refreshed)) throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
  if (!refresh && username) {
    const before = await call.user(username).catch((error) => {
      if (error instanceof CognitoError) return undefined;
      throw error;
    });
    if (before) {
      await call.trigger('PreAuthentication', 'PreAuthentication_Authentication', before.username, {
        userAttributes: before.attributes, validationData: body.ClientMetadata ?? {},
      });
    }
  }
  const answer = await call.forward();
  if (answer.status !== 200) return passOn(answer);
  const result = JSON.parse(answer.text);
  const tokens = result.AuthenticationResult;
  if (!tokens?.IdToken) return ok(result);
  const motoClaims = decodeJwt(String(tokens.IdToken));
  const user = await call.user(String(motoClaims['cognito:username'] ?? username));
  if (!refresh) {
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
    triggerSource: refresh ? 'TokenGeneration_RefreshTokens' : 'TokenGeneration_Authentication',
  });
  const ttl = Number(tokens.ExpiresIn ?? 3600);
  // moto's sign-in id: its refresh token yields tokens with the same one, as Cognito's does.
  const originJti = String(motoClaims.origin_jti);
  const issued = await services.signer.userTokens({
    issuer: pool.issuer,
    clientId: body.ClientId,
    user,
    scopes,
    authTime: Number(motoClaims.auth_time ?? Math.floor(Date.now() / 1000)),
    originJti,
    accessTtlSeconds: ttl,
    idTtlSeconds: ttl,
    overrides,
    idToken: true,
  });
  result.AuthenticationResult = { ...tokens, IdToken: issued.idToken, AccessToken: issued.accessToken };
  const signIn = { userPoolId: pool.userPoolId, clientId: body.ClientId, username: user.username, sub: user.sub, originJti };
  services.state.tokens.rememberAccessToken(issued.accessToken, signIn, tokens.AccessToken, Math.floor(Date.now() / 1000) + ttl);
  if (tokens.RefreshToken) services.state.tokens.rememberRefreshToken(tokens.RefreshToken, signIn);
  return ok(result);
};

export const SIGN_IN_OPERATIONS: Readonly<Record<string, Operation>> = {
  InitiateAuth: initiateAuth,
  AdminInitiateAuth: initiateAuth,
};
