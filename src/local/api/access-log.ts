/**
 * The stage's access log, locally: the template's `AccessLogSettings.Format` with its
 * `$context.*` variables filled from the request, one line per request, as the deployed stage
 * writes to CloudWatch Logs. A stage without a format gets {@link DEFAULT_FORMAT}.
 */

/** The values of one request, by `$context` variable name (without `$context.`). */
export type AccessLogValues = Readonly<Record<string, string | number | undefined>>;

export const DEFAULT_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  routeKey: '$context.routeKey',
  status: '$context.status',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
});

/** Fills `format`; a variable without a value is `-`, as in API Gateway's logs. */
export function formatAccessLog(format: string, values: AccessLogValues): string {
  const jsonFormat = format.trim().startsWith('{');
  return format.replace(/\$context\.([A-Za-z0-9_.:-]*[A-Za-z0-9_])/g, (_, name: string) => {
    const value = values[name];
    const text = value === undefined || value === '' ? '-' : String(value);
    // Keep a JSON format's line parseable whatever a value contains.
    return jsonFormat ? JSON.stringify(text).slice(1, -1) : text;
  });
}
