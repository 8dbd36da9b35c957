import { JSONWebKeySet } from 'jose';
import { UrlMapping, mapUrl } from './url-map';

/**
 * An issuer's signing keys as API Gateway gets them: OIDC discovery
 * (`<issuer>/.well-known/openid-configuration` → `jwks_uri`), falling back to
 * `<issuer>/.well-known/jwks.json`; fetched through the URL map; cached, and fetched again for an
 * unknown `kid` at most once per `refreshIntervalMs`.
 */
export class JwksCache {
  private readonly sets = new Map<string, { keys: JSONWebKeySet; fetchedAt: number }>();

  constructor(
    private readonly mappings: readonly UrlMapping[],
    private readonly refreshIntervalMs = 10_000,
    private readonly timeoutMs = 5_000,
  ) {}

  /** The key set of `issuer` that holds `kid`; the cached one when it does. Throws when unreachable. */
  async keysFor(issuer: string, kid: string | undefined): Promise<JSONWebKeySet> {
    const cached = this.sets.get(issuer);
    const hasKid = cached?.keys.keys.some((key) => key.kid === kid);
    if (cached && (hasKid || Date.now() - cached.fetchedAt < this.refreshIntervalMs)) return cached.keys;
    const keys = await this.fetchKeys(issuer);
    this.sets.set(issuer, { keys, fetchedAt: Date.now() });
    return keys;
  }

  private async getJson(url: string): Promise<any> {
    const target = mapUrl(url, this.mappings);
    const response = await fetch(target, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!response.ok) throw new Error(`GET ${target} (for ${url}) answered ${response.status}`);
    return response.json();
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
