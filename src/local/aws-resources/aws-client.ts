/**
 * The smallest client for the AWS APIs moto emulates: JSON (`X-Amz-Target`), query (form + XML) and
 * S3's REST protocol against the emulator's endpoint. No SDK, no signing: moto routes a request by the
 * service and region of the credential scope, which is all the `Authorization` header carries here.
 */
export class AwsApiError extends Error {
  constructor(readonly service: string, readonly code: string, message: string, readonly status: number) {
    super(`${service} ${code}: ${message}`);
  }
}

export class AwsClient {
  constructor(readonly endpoint: string, readonly region: string) {}

  private authorization(signingName: string): string {
    return `AWS4-HMAC-SHA256 Credential=local/20260101/${this.region}/${signingName}/aws4_request, SignedHeaders=host, Signature=local`;
  }

  /** A JSON-protocol call, e.g. `json('dynamodb', 'DynamoDB_20120810', 'CreateTable', {...}, '1.0')`. */
  async json<T = any>(signingName: string, targetPrefix: string, action: string, body: unknown, version: '1.0' | '1.1' = '1.1'): Promise<T> {
    const response = await fetch(`${this.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': `application/x-amz-json-${version}`,
        'x-amz-target': `${targetPrefix}.${action}`,
        'authorization': this.authorization(signingName),
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let json: any = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = { message: text };
    }
    if (!response.ok) {
      throw new AwsApiError(signingName, String(json.__type ?? response.status).split('#').pop()!, json.message ?? json.Message ?? text, response.status);
    }
    return json as T;
  }

  /** A query-protocol call (SNS): form parameters in, the XML answer's text out. */
  async query(signingName: string, action: string, params: Record<string, string>, version: string): Promise<string> {
    const response = await fetch(`${this.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'authorization': this.authorization(signingName) },
      body: new URLSearchParams({ Action: action, Version: version, ...params }).toString(),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new AwsApiError(signingName, xmlValue(text, 'Code') ?? String(response.status), xmlValue(text, 'Message') ?? text, response.status);
    }
    return text;
  }

  /** An S3 REST call, path style (`/<bucket>/<key>`). */
  async s3(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const response = await fetch(`${this.endpoint}${path}`, {
      method,
      headers: { authorization: this.authorization('s3'), ...headers },
      body,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new AwsApiError('s3', xmlValue(text, 'Code') ?? String(response.status), xmlValue(text, 'Message') ?? text, response.status);
    }
    return { status: response.status, text };
  }
}

/** The text of the first `<name>` element of an XML answer. */
export function xmlValue(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match ? match[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : undefined;
}

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
