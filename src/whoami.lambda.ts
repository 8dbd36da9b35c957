import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';

/**
 * The demo handler shipped with the library: it answers with what API Gateway verified about the
 * caller. Use it as a smoke test ("does my token get through, and with which claims?").
 *
 * Bundled at build time into `assets/whoami.lambda/index.js`; never bundled at the consumer's synth.
 */
export async function handler(event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyResultV2> {
  const jwt = event.requestContext?.authorizer?.jwt;
  const claims = jwt?.claims ?? {};
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: jwt ? 'Hello, signed-in caller' : 'Hello, anonymous caller',
      routeKey: event.routeKey,
      subject: claims.sub ?? null,
      username: claims['cognito:username'] ?? claims.username ?? null,
      tokenUse: claims.token_use ?? null,
      scopes: jwt?.scopes ?? [],
      claims,
    }),
  };
}
