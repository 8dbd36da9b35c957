/**
 * A route's own throttling, below the stage's: written into the `$default` stage's route settings
 * for each method of the route.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
export interface RouteThrottle {
  /**
   * Requests per second the route accepts. From 0 to the stage's `throttlingRateLimit` (and
   * API Gateway's default account quota, 10,000 per Region).
   */
  readonly rateLimit: number;

  /**
   * Burst of requests the route accepts above its rate: a whole number from 0 to the stage's
   * `throttlingBurstLimit` (and API Gateway's default account quota, 5,000 per Region).
   */
  readonly burstLimit: number;
}
