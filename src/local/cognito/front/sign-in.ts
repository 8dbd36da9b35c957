import { randomUUID } from 'crypto';
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
  const issued = await services.signer.userTokens({
    issuer: pool.issuer,
    clientId: body.ClientId,
    user,
    scopes,
    authTime: Number(motoClaims.auth_time ?? Math.floor(Date.now() / 1000)),
    originJti: randomUUID(),
    accessTtlSeconds: ttl,
    idTtlSeconds: ttl,
    overrides,
    idToken: true,
  });
  result.AuthenticationResult = { ...tokens, IdToken: issued.idToken, AccessToken: issued.accessToken };
  return ok(result);
};

export const SIGN_IN_OPERATIONS: Readonly<Record<string, Operation>> = {
  InitiateAuth: initiateAuth,
  AdminInitiateAuth: initiateAuth,
};
