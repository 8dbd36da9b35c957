import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { createAlarm } from './alarm';
import { MONITORING_DEFAULTS, MonitoringOptions } from './monitoring-options';

/*
 * A function's alarms: AWS/Lambda `Errors` (Sum > 0, 3 of 3), `Throttles` (Sum > 0, 5 of 5) and
 * `Duration` (p90 above a share of its timeout, 15 of 15), on `FunctionName`: the route functions
 * and the Lambda authorizer's.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */

/** Lambda's timeout when a function sets none. */
const LAMBDA_DEFAULT_TIMEOUT = Duration.seconds(3);

/** A monitored function, with what its alarms say of it. */
export interface MonitoredFunction {
  /** The construct id prefix of its alarms. */
  readonly id: string;
  readonly fn: lambda.IFunction;
  /** "route function" or "Lambda authorizer function". */
  readonly role: string;
}

/** A function metric: `AWS/Lambda`, on `FunctionName`. */
export function functionMetric(fn: lambda.IFunction, metricName: string, statistic: string, period: Duration, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Lambda',
    metricName,
    dimensionsMap: { FunctionName: fn.functionName },
    statistic,
    period,
    label,
  });
}

/**
 * The function's timeout, when this construct can know it: a `lambda.Function` (Lambda's 3 s
 * when it sets none). An imported function (`fromFunctionArn`), an alias or a version do not
 * carry theirs, and a token cannot be compared with.
 */
export function knownTimeout(fn: lambda.IFunction): Duration | undefined {
  if (!(fn instanceof lambda.Function)) {
    return undefined;
  }
  const timeout = fn.timeout ?? LAMBDA_DEFAULT_TIMEOUT;
  return Token.isUnresolved(timeout.toMilliseconds({ integral: false })) ? undefined : timeout;
}

/** The function's errors and throttles alarms, and its duration alarm when its timeout is known. */
export function createFunctionAlarms(scope: Construct, monitored: MonitoredFunction, options: MonitoringOptions): cloudwatch.Alarm[] {
  const { id, fn, role } = monitored;
  const period = options.period ?? MONITORING_DEFAULTS.period;
  const logs = `its log group (/aws/lambda/${fn.functionName} unless it logs elsewhere)`;
  const consequence = role.includes('authorizer')
    ? ' Failed authorizations are 500s for the callers: the access log\'s authorizerError says what the authorizer returned.'
    : role.includes('trigger')
      ? ' Cognito fails the sign-in or token refresh when its trigger fails or runs over 5 seconds: users get UserLambdaValidationException.'
      : '';
  const alarms = [
    createAlarm(scope, {
      id: `${id}ErrorsAlarm`,
      name: `${fn.functionName} errors`,
      description: `The ${role} ${fn.functionName} failed (threw, timed out or ran out of memory) in 3 of 3 periods. `
        + `Look first at ${logs}: the errors' stack traces, "Task timed out" and "Runtime exited" lines.${consequence}`,
      metric: functionMetric(fn, 'Errors', cloudwatch.Stats.SUM, period),
      threshold: 0,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    }, options),
    createAlarm(scope, {
      id: `${id}ThrottlesAlarm`,
      name: `${fn.functionName} throttles`,
      description: `Lambda refused to run the ${role} ${fn.functionName} in 5 of 5 periods (callers got 500s or 429s). `
        + 'Look first at the account\'s concurrency (the ConcurrentExecutions metric, the Service Quotas page of AWS Lambda) '
        + 'and the function\'s reserved concurrency.',
      metric: functionMetric(fn, 'Throttles', cloudwatch.Stats.SUM, period),
      threshold: 0,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
    }, options),
  ];
  const timeout = knownTimeout(fn);
  // Without a known timeout there is nothing to compare the duration with: no duration alarm
  // (the dashboard still graphs the duration).
  if (timeout) {
    const ratio = options.functionDurationRatio ?? MONITORING_DEFAULTS.functionDurationRatio;
    alarms.push(createAlarm(scope, {
      id: `${id}DurationAlarm`,
      name: `${fn.functionName} p90 duration`,
      description: `The ${role} ${fn.functionName}'s p90 duration was above ${Math.round(ratio * 100)}% of its timeout (${timeout.toHumanString()}) `
        + `in 15 of 15 periods: it is close to timing out. Look first at ${logs}: the REPORT lines' Duration and Init Duration, `
        + 'and what it calls; then raise its memory (more CPU) or its timeout.',
      metric: functionMetric(fn, 'Duration', cloudwatch.Stats.p(90), period),
      threshold: Math.round(ratio * timeout.toMilliseconds()),
      evaluationPeriods: 15,
      datapointsToAlarm: 15,
    }, options));
  }
  return alarms;
}
