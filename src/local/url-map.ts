/**
 * Maps public URLs (an issuer's `https://host/...`) to the local servers that stand in for them,
 * by prefix: `https://cognito-idp.us-east-1.amazonaws.com/` → `http://127.0.0.1:43117/`. The
 * token's `iss` keeps the public URL; only where keys are fetched from changes.
 */
export interface UrlMapping {
  readonly from: string;
  readonly to: string;
}

/** Parses `from=to` (the CLI's `--map-url`). */
export function parseUrlMapping(text: string): UrlMapping {
  const separator = text.indexOf('=');
  const from = text.slice(0, separator);
  const to = text.slice(separator + 1);
  if (separator <= 0 || !/^https?:\/\//.test(from) || !/^https?:\/\//.test(to)) {
    throw new Error(`--map-url "${text}" must be <public URL prefix>=<local URL prefix>, e.g. https://example.eu.auth0.com/=http://127.0.0.1:9000/`);
  }
  return { from, to };
}

/** The URL to fetch for `url`: the longest matching prefix wins; unmapped URLs are returned as they are. */
export function mapUrl(url: string, mappings: readonly UrlMapping[]): string {
  let best: UrlMapping | undefined;
  for (const mapping of mappings) {
    if (url.startsWith(mapping.from) && (!best || mapping.from.length > best.from.length)) best = mapping;
  }
  return best ? best.to + url.slice(best.from.length) : url;
}
