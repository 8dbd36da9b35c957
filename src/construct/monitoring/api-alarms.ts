import { Duration, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { createAlarm } from './alarm';
import { MONITORING_DEFAULTS, MonitoringOptions } from './monitoring-options';

/*
 * The HTTP API stage's alarms: AWS/ApiGateway `5xx`, `4xx` (Average: the share of requests, each
 * request a 1 or a 0) and `Latency` (p90), on the dimensions API Gateway publishes HTTP API
 * metrics with, `ApiId` and `Stage`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
 */

/** The API and stage the alarms watch. */
export interface MonitoredStage {
  /** The API's name as the alarms say it. */
  readonly apiName: string;
  readonly httpApi: apigwv2.IHttpApi;
  readonly stage: apigwv2.IHttpStage;
  readonly accessLogGroup?: logs.ILogGroup;
}

/** A stage metric: `AWS/ApiGateway`, on `ApiId` and `Stage`. */
export function stageMetric(stage: MonitoredStage, metricName: string, statistic: string, period: Duration, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ApiGateway',
    metricName,
    dimensionsMap: { ApiId: stage.httpApi.apiId, Stage: stage.stage.stageName },
    statistic,
    period,
    label,
  });
}

/** The stage's 5xx rate, 4xx rate and p90 latency alarms. */
export function createStageAlarms(scope: Construct, stage: MonitoredStage, options: MonitoringOptions): cloudwatch.Alarm[] {
  const period = options.period ?? MONITORING_DEFAULTS.period;
  const serverErrorRate = options.serverErrorRate ?? MONITORING_DEFAULTS.serverErrorRate;
  const clientErrorRate = options.clientErrorRate ?? MONITORING_DEFAULTS.clientErrorRate;
  const latency = options.latencyP90 ?? MONITORING_DEFAULTS.latencyP90;
  const accessLog = stage.accessLogGroup
    ? `the access log (log group ${stage.accessLogGroup.logGroupName})`
    : 'the access log (off: set accessLogging to true to have one)';
  const suffix = ` (${stage.httpApi.apiId})`;
  return [
    createAlarm(scope, {
      id: 'ServerErrorRateAlarm',
      name: `${stage.apiName} 5xx rate${suffix}`,
      description: `More than ${percent(serverErrorRate)} of the API's requests ended in a 5xx error in 3 of 3 periods. `
        + `Look first at ${accessLog}: authorizerError names a failing Lambda authorizer, integrationError a route function that failed, `
        + 'timed out or returned an invalid response; then at that function\'s errors alarm and its log group.',
      metric: stageMetric(stage, '5xx', cloudwatch.Stats.AVERAGE, period),
      threshold: serverErrorRate,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    }, options),
    createAlarm(scope, {
      id: 'ClientErrorRateAlarm',
      name: `${stage.apiName} 4xx rate${suffix}`,
      description: `More than ${percent(clientErrorRate)} of the API's requests ended in a 4xx error in 5 of 5 periods. `
        + `Look first at ${accessLog}, by status: 401 (no or expired token: a client that stopped refreshing tokens), `
        + '403 (authorizerError, or a caller lacking a route\'s scope or group), 404 (a client calling routes that do not exist), '
        + '429 (the stage\'s throttling: throttlingRateLimit and throttlingBurstLimit).',
      metric: stageMetric(stage, '4xx', cloudwatch.Stats.AVERAGE, period),
      threshold: clientErrorRate,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
    }, options),
    createAlarm(scope, {
      id: 'LatencyAlarm',
      name: `${stage.apiName} p90 latency${suffix}`,
      description: `The API's p90 latency was above ${latency.toHumanString()} in 5 of 5 periods. `
        + `Compare latency with integrationLatency in ${accessLog}: a slow route function (its duration alarm, `
        + 'cold starts, the calls it makes) or, when they differ, a slow Lambda authorizer.',
      metric: stageMetric(stage, 'Latency', cloudwatch.Stats.p(90), period),
      threshold: latency.toMilliseconds(),
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
    }, options),
  ];
}

/**
 * A route's 5xx rate alarm, on the per-route metric the stage publishes with detailed metrics on:
 * `ApiId`, `Stage`, `Method` and `Resource` (the route's path, e.g. `/items/{id}`).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
 */
export function createRouteAlarm(
  scope: Construct,
  id: string,
  stage: MonitoredStage,
  route: { method: string; path: string },
  options: MonitoringOptions,
): cloudwatch.Alarm {
  const serverErrorRate = options.serverErrorRate ?? MONITORING_DEFAULTS.serverErrorRate;
  const period = options.period ?? MONITORING_DEFAULTS.period;
  return createAlarm(scope, {
    id,
    name: `${stage.apiName} ${route.method} ${route.path} 5xx rate (${stage.httpApi.apiId})`,
    description: `More than ${percent(serverErrorRate)} of the requests to ${route.method} ${route.path} ended in a 5xx error in 3 of 3 periods. `
      + 'Look first at the access log\'s entries of that route key: authorizerError names a failing Lambda authorizer, integrationError '
      + 'the route function failing, timing out or returning an invalid response; then at that function\'s errors alarm and its log group.',
    metric: new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName: '5xx',
      dimensionsMap: { ApiId: stage.httpApi.apiId, Stage: stage.stage.stageName, Method: route.method, Resource: route.path },
      statistic: cloudwatch.Stats.AVERAGE,
      period,
    }),
    threshold: serverErrorRate,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
  }, options);
}

/** 0.05 → "5%". */
export function percent(share: number): string {
  if (Token.isUnresolved(share)) return 'the threshold';
  return `${Math.round(share * 10_000) / 100}%`;
}
