/**
 * Answers CORS preflight requests (`OPTIONS`) routed to it with `204 No Content`. API Gateway adds
 * the API's configured CORS headers to the response. Only needed where an `ANY` route would
 * otherwise send the preflight through the authorizer (browsers send no token with it).
 */
export async function handler(): Promise<{ statusCode: number }> {
  return { statusCode: 204 };
}
