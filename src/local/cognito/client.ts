/**
 * The smallest Cognito Identity Provider client: the JSON protocol (`X-Amz-Target`) against the
 * emulator's endpoint. No SDK, no signing (moto reads the region from the credential scope only).
 */
/** A Cognito error: its code (`__type`, e.g. `NotAuthorizedException`) and its message as Cognito words it. */
export class CognitoError extends Error {
  constructor(readonly code: string, readonly detail: string) {
    super(`${code}: ${detail}`);
  }
}

export class CognitoClient {
  constructor(readonly endpoint: string, readonly region: string) {}

  async call<T = any>(action: string, body: Record<string, unknown>): Promise<T> {
    const response = await fetch(`${this.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
        'authorization': `AWS4-HMAC-SHA256 Credential=local/20260101/${this.region}/cognito-idp/aws4_request, SignedHeaders=host, Signature=local`,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) {
      throw new CognitoError(String(json.__type ?? response.status).split('#').pop()!, json.message ?? json.Message ?? text);
    }
    return json as T;
  }
}
