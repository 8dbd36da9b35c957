import type { APIGatewayProxyEventV2WithRequestContext, APIGatewayProxyResultV2, APIGatewayEventRequestContextV2 } from 'aws-lambda';

/**
 * What API Gateway passes about the caller: JWT claims (JWT authorizers), the Lambda authorizer's
 * context, or the signer's identity (IAM authorization: "Working with AWS Lambda proxy integrations
 * for HTTP APIs", `requestContext.authorizer.iam`).
 */
interface AuthorizerContext {
  jwt?: { claims?: Record<string, unknown>; scopes?: string[] | null };
  lambda?: Record<string, unknown>;
  iam?: { userArn?: string; userId?: string; accountId?: string; accessKey?: string; callerId?: string } & Record<string, unknown>;
}

type Event = APIGatewayProxyEventV2WithRequestContext<APIGatewayEventRequestContextV2 & { authorizer?: AuthorizerContext }>;

/**
 * The demo handler shipped with the library: it answers with what API Gateway verified about the
 * caller. Use it as a smoke test ("does my token get through, and with which claims?").
 *
 * Bundled at build time into `assets/handlers/whoami.lambda/index.js`; never bundled at the consumer's synth.
 */
export async function handler(event: Event): Promise<APIGatewayProxyResultV2> {
  const { jwt, lambda, iam } = event.requestContext?.authorizer ?? {};
  const claims = jwt?.claims ?? lambda ?? {};
  const signedIn = jwt !== undefined || lambda !== undefined;
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: iam ? 'Hello, IAM caller' : signedIn ? 'Hello, signed-in caller' : 'Hello, anonymous caller',
      routeKey: event.routeKey,
      // An IAM caller's identity: its unique id (a role session: `AROA…:<session>`) and ARN.
      subject: claims.sub ?? iam?.userId ?? null,
      username: claims['cognito:username'] ?? claims.username ?? null,
      tokenUse: claims.token_use ?? claims.tokenUse ?? null,
      scopes: jwt?.scopes ?? [],
      claims,
      ...iam ? { iam } : {},
    }),
  };
}
