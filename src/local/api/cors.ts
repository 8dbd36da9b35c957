/**
 * The API's `CorsConfiguration`, applied as API Gateway does ("Configuring CORS for an HTTP API"):
 * a preflight that no route takes is answered by API Gateway itself; the CORS headers are added to
 * the responses of requests whose `Origin` is allowed.
 */
export interface CorsConfiguration {
  readonly AllowOrigins?: readonly string[];
  readonly AllowMethods?: readonly string[];
  readonly AllowHeaders?: readonly string[];
  readonly ExposeHeaders?: readonly string[];
  readonly MaxAge?: number;
  readonly AllowCredentials?: boolean;
}

export function isPreflight(method: string, headers: Record<string, string | string[] | undefined>): boolean {
  return method === 'OPTIONS' && !!headers.origin && !!headers['access-control-request-method'];
}

function allowedOrigin(cors: CorsConfiguration, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  const origins = cors.AllowOrigins ?? [];
  if (origins.includes('*')) return cors.AllowCredentials ? origin : '*';
  return origins.includes(origin) ? origin : undefined;
}

/** Headers for a response to a request from `origin` (none when the origin is not allowed). */
export function corsHeaders(cors: CorsConfiguration, origin: string | undefined, preflight: boolean): Record<string, string> {
  const allowed = allowedOrigin(cors, origin);
  if (!allowed) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': allowed };
  if (cors.AllowCredentials) headers['access-control-allow-credentials'] = 'true';
  if (preflight) {
    if (cors.AllowMethods?.length) headers['access-control-allow-methods'] = cors.AllowMethods.join(',');
    if (cors.AllowHeaders?.length) headers['access-control-allow-headers'] = cors.AllowHeaders.join(',');
    if (cors.MaxAge !== undefined) headers['access-control-max-age'] = String(cors.MaxAge);
  } else if (cors.ExposeHeaders?.length) {
    headers['access-control-expose-headers'] = cors.ExposeHeaders.join(',');
  }
  return headers;
}
