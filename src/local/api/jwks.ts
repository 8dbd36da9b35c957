import { JSONWebKeySet } from 'jose';
import { UrlMapping, mapUrl } from '../url-map';

/**
 * An issuer's signing keys as API Gateway gets them: OIDC discovery
 * (`<issuer>/.well-known/openid-configuration` → `jwks_uri`), falling back to
 * `<issuer>/.well-known/jwks.json`; fetched through the URL map; cached, and fetched again for an
 * unknown `kid` at most once per `refreshIntervalMs`. One fetch per issuer at a time: concurrent
 * requests with a cold cache wait for the same answer.
 *
 * Limits as API Gateway's ("Quotas for configuring and running an HTTP API"): "Timeout for JWKS
 * endpoint 1,500 ms", "Maximum JWKS response size 150,000 bytes" (the OIDC discovery document gets
 * the same timeout).
 */
export const JWKS_TIMEOUT_MS = 1_500;
export const JWKS_MAX_BYTES = 150_000;

export class JwksCache {
  private readonly sets = new Map<string, { keys: JSONWebKeySet; fetchedAt: number }>();
  private readonly inFlight = new Map<string, Promise<JSONWebKeySet>>();

  constructor(
    private readonly mappings: readonly UrlMapping[],
    private readonly refreshIntervalMs = 10_000,
    private readonly timeoutMs = JWKS_TIMEOUT_MS,
    private readonly maxBytes = JWKS_MAX_BYTES,
  ) {}

  /** The key set of `issuer` that holds `kid`; the cached one when it does. Throws when unreachable. */
  async keysFor(issuer: string, kid: string | undefined): Promise<JSONWebKeySet> {
    const cached = this.sets.get(issuer);
    const hasKid = cached?.keys.keys.some((key) => key.kid === kid);
    if (cached && (hasKid || Date.now() - cached.fetchedAt < this.refreshIntervalMs)) return cached.keys;
    let pending = this.inFlight.get(issuer);
    if (!pending) {
      pending = this.fetchKeys(issuer)
        .then((keys) => {
          this.sets.set(issuer, { keys, fetchedAt: Date.now() });
          return keys;
        })
        .finally(() => this.inFlight.delete(issuer));
      this.inFlight.set(issuer, pending);
    }
    return pending;
  }

  private async getJson(url: string): Promise<any> {
    const target = mapUrl(url, this.mappings);
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await fetch(target, { signal });
      if (!response.ok) throw new Error(`GET ${target} (for ${url}) answered ${response.status}`);
      const declared = Number(response.headers.get('content-length'));
      if (declared > this.maxBytes) throw this.tooLarge(url, declared);
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of response.body ?? []) {
        size += chunk.length;
        if (size > this.maxBytes) throw this.tooLarge(url, size);
        chunks.push(chunk);
      }
      return JSON.parse(Buffer.concat(chunks).toString('utf-8'));
    } catch (error) {
      if (signal.aborted) {
        throw new Error(`GET ${target} (for ${url}) gave no answer within ${this.timeoutMs} ms (API Gateway waits ${JWKS_TIMEOUT_MS} ms)`);
      }
      throw error;
    }
  }

  private tooLarge(url: string, size: number): Error {
    return new Error(`${url} is over ${this.maxBytes} bytes (${size} read); API Gateway accepts a JWKS of at most ${JWKS_MAX_BYTES} bytes`);
  }

  private async fetchKeys(issuer: string): Promise<JSONWebKeySet> {
    const base = issuer.replace(/\/+$/, '');
    let jwksUri = `${base}/.well-known/jwks.json`;
    try {
      const discovery = await this.getJson(`${base}/.well-known/openid-configuration`);
      if (typeof discovery.jwks_uri === 'string') jwksUri = discovery.jwks_uri;
    } catch {
      // No discovery document: use the conventional location.
    }
    const keys = await this.getJson(jwksUri);
    if (!Array.isArray(keys?.keys)) throw new Error(`${jwksUri} is not a JSON Web Key Set`);
    return keys;
  }
}
