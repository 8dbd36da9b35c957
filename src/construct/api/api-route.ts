import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RouteThrottle } from './route-throttle';
import { RouteAuthorization } from '../authorization/route-authorization';

/**
 * A route of the protected API: a path, its methods and the Lambda function that answers them.
 */
export interface ApiRouteOptions {
  /**
   * The route's path, starting with `/`. Path parameters are written `{name}`; a greedy
   * `{name+}` may only be the last segment.
   *
   * @example '/items/{id}'
   */
  readonly path: string;

  /**
   * The Lambda function that answers the route (Lambda proxy integration, payload format 2.0).
   * Several routes may share one function.
   */
  readonly handler: lambda.IFunction;

  /**
   * The HTTP methods of the route.
   *
   * @default [HttpMethod.GET]
   */
  readonly methods?: apigwv2.HttpMethod[];

  /**
   * Who may call the route.
   *
   * @default RouteAuthorization.signedIn() - any valid token of the pool's app clients
   */
  readonly authorization?: RouteAuthorization;

  /**
   * Principals allowed to call the route (`execute-api:Invoke` on each of its methods), such as a
   * Lambda function or a role. Only for routes with `authorization: RouteAuthorization.iam()`.
   *
   * @default - nobody is granted here; grant callers with `grantInvoke()`
   */
  readonly grantees?: iam.IGrantable[];

  /**
   * The route's own throttling (each of its methods), at most the stage's.
   *
   * @default - the stage's throttling (`throttlingRateLimit`, `throttlingBurstLimit`)
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
   */
  readonly throttle?: RouteThrottle;
}
