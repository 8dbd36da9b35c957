// openid-client v6 (ESM-only, so run by `node` from the jest suite) against a pool's issuer, unmodified
// but for `allowInsecureRequests` (the runner serves plain http). Arguments: one JSON object
// { issuer, clientId, redirectUri, username, password, machineClientId, machineSecret, machineScope }.
// Prints one JSON object: what each step gave, or `{ failed: { step, name, code, message } }`.
import * as client from 'openid-client';

const input = JSON.parse(process.argv[2]);
const execute = [client.allowInsecureRequests];
const result = {};
let step = 'start';

/** The local sign-in page's form: its action and hidden fields, posted with the user's credentials. */
async function signIn(authorizationUrl) {
  const page = await fetch(authorizationUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the sign-in page answered ${page.status}: ${html}`);
  const action = /<form method="post" action="([^"]+)"/.exec(html)[1];
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(name, value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  }
  fields.set('username', input.username);
  fields.set('password', input.password);
  const posted = await fetch(new URL(action, authorizationUrl), { method: 'POST', body: fields, redirect: 'manual' });
  const location = posted.headers.get('location');
  if (posted.status !== 302 || !location) throw new Error(`the sign-in form answered ${posted.status}: ${await posted.text()}`);
  return new URL(location);
}

try {
  step = 'discovery';
  const config = await client.discovery(new URL(input.issuer), input.clientId, undefined, undefined, { execute });
  // The ID token's signature too, checked with the keys of the discovered jwks_uri.
  client.enableNonRepudiationChecks(config);
  result.discovery = config.serverMetadata();

  step = 'authorization code with PKCE';
  const codeVerifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = client.randomState();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: 'openid email api/items.read',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    nonce,
    state,
  });
  const callback = await signIn(authorizationUrl);
  const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier, expectedNonce: nonce, expectedState: state, idTokenExpected: true });
  const claims = tokens.claims();
  result.idTokenClaims = claims;
  result.accessToken = tokens.access_token;

  step = 'userinfo';
  result.userInfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);

  step = 'refresh';
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  result.refreshed = { accessToken: refreshed.access_token, idTokenClaims: refreshed.claims() };

  step = 'revocation';
  await client.tokenRevocation(config, tokens.refresh_token);
  result.revoked = true;

  step = 'refresh after revocation';
  try {
    await client.refreshTokenGrant(config, tokens.refresh_token);
    result.refreshAfterRevocation = { accepted: true };
  } catch (error) {
    result.refreshAfterRevocation = { accepted: false, name: error.name, error: error.error, status: error.status };
  }

  step = 'client credentials';
  const machine = await client.discovery(new URL(input.issuer), input.machineClientId, input.machineSecret, undefined, { execute });
  const machineTokens = await client.clientCredentialsGrant(machine, { scope: input.machineScope });
  result.machine = { accessToken: machineTokens.access_token, scope: machineTokens.scope, tokenType: machineTokens.token_type };
} catch (error) {
  result.failed = { step, name: error?.name, code: error?.code, message: error?.message, error: error?.error, cause: String(error?.cause ?? '') };
}
process.stdout.write(JSON.stringify(result));
