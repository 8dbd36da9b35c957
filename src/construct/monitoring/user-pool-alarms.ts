import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { createAlarm } from './alarm';
import { MONITORING_DEFAULTS, MonitoringOptions } from './monitoring-options';

/*
 * The user pool's throttle alarms, per app client: AWS/Cognito `SignInThrottles`,
 * `SignUpThrottles`, `TokenRefreshThrottles` and `FederationThrottles`, on `UserPool` and
 * `UserPoolClient`. AWS lists no recommended alarm for Cognito: these use the shape of its
 * Lambda Throttles recommendation (Sum > 0 in 5 of 5 periods): throttling that lasts, not a burst.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/monitoring-cloudwatch.html
 */

const COGNITO_QUOTAS = 'https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html';

/** An app client the construct created, with what its pool lets its users do. */
export interface MonitoredClient {
  readonly id: string;
  readonly apiName: string;
  readonly userPool: cognito.IUserPool;
  readonly client: cognito.IUserPoolClient;
  /** Whether users sign themselves up (SignUp). */
  readonly selfSignUp: boolean;
  /** Whether users sign in through identity providers (federation). */
  readonly federation: boolean;
}

/** One kind of Cognito request: its metrics' prefix and how the alarms say it. */
interface RequestKind {
  readonly metric: 'SignIn' | 'SignUp' | 'TokenRefresh' | 'Federation';
  readonly words: string;
}

const KINDS: RequestKind[] = [
  { metric: 'SignIn', words: 'sign-in' },
  { metric: 'SignUp', words: 'sign-up' },
  { metric: 'TokenRefresh', words: 'token refresh' },
  { metric: 'Federation', words: 'federation' },
];

/** A client metric: `AWS/Cognito`, on `UserPool` and `UserPoolClient`. */
export function clientMetric(monitored: MonitoredClient, metricName: string, statistic: string, period: Duration, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Cognito',
    metricName,
    dimensionsMap: { UserPool: monitored.userPool.userPoolId, UserPoolClient: monitored.client.userPoolClientId },
    statistic,
    period,
    label,
  });
}

/** The request kinds a client can be throttled in: sign-ups only with self sign-up, federation only with identity providers. */
export function clientRequestKinds(monitored: MonitoredClient): RequestKind[] {
  return KINDS.filter((kind) => (kind.metric !== 'SignUp' || monitored.selfSignUp) && (kind.metric !== 'Federation' || monitored.federation));
}

/** The client's throttle alarms. */
export function createClientAlarms(scope: Construct, monitored: MonitoredClient, options: MonitoringOptions): cloudwatch.Alarm[] {
  const period = options.period ?? MONITORING_DEFAULTS.period;
  return clientRequestKinds(monitored).map((kind) => createAlarm(scope, {
    id: `${monitored.id}${kind.metric}ThrottlesAlarm`,
    name: `${monitored.apiName} ${kind.words} throttles (client ${monitored.client.userPoolClientId})`,
    description: `Cognito throttled ${kind.words} requests of the app client ${monitored.client.userPoolClientId} `
      + `(user pool ${monitored.userPool.userPoolId}) in 5 of 5 periods: users got TooManyRequestsException. `
      + 'Look first at Cognito\'s request-rate quotas (per operation category, shared by all the account\'s pools in the region; '
      + `Service Quotas shows their use and can raise them): ${COGNITO_QUOTAS}; then at who calls so often (a client retrying in a loop, a sign-in attack).`,
    metric: clientMetric(monitored, `${kind.metric}Throttles`, cloudwatch.Stats.SUM, period),
    threshold: 0,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
  }, options));
}
