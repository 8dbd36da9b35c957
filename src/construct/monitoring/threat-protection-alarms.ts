import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { createAlarm } from './alarm';
import { MONITORING_DEFAULTS, MonitoringOptions } from './monitoring-options';

/*
 * Threat protection's high-risk counts, for a pool on the Plus plan with a threat protection mode
 * (audit only or full function): AWS/Cognito `AccountTakeoverRisk` and `CompromisedCredentialRisk`,
 * on `UserPoolId`, `Operation` (`SignIn`, `SignUp` or `PasswordChange`, "the only dimensions") and
 * `RiskLevel` `high`. One alarm per metric sums the three operations.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-viewing-threat-protection-metrics.html
 */

const OPERATIONS = ['SignIn', 'SignUp', 'PasswordChange'];
const THREAT_METRICS_DOC = 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-viewing-threat-protection-metrics.html';

/** A pool whose threat protection rates requests. */
export interface MonitoredPool {
  readonly apiName: string;
  readonly userPool: cognito.IUserPool;
}

/** One risk: its metric and how the alarm says it. */
const RISKS = [
  { metric: 'AccountTakeoverRisk', words: 'high account-takeover risk', detected: 'an account-takeover risk (a sign-in unlike the user\'s usual device, place or behaviour)' },
  { metric: 'CompromisedCredentialRisk', words: 'compromised credentials', detected: 'a password known from a breach' },
];

/** The number of `metric` requests rated high risk, whatever the operation. */
export function highRiskCount(pool: MonitoredPool, metric: string, options: MonitoringOptions): cloudwatch.MathExpression {
  const period = options.period ?? MONITORING_DEFAULTS.period;
  const usingMetrics = Object.fromEntries(OPERATIONS.map((operation) => [operation.toLowerCase(), new cloudwatch.Metric({
    namespace: 'AWS/Cognito',
    metricName: metric,
    dimensionsMap: { UserPoolId: pool.userPool.userPoolId, Operation: operation, RiskLevel: 'high' },
    statistic: cloudwatch.Stats.SUM,
    period,
  })]));
  // An operation nobody performed in a period has no datapoint: counted as 0, not as a gap in the sum.
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics).map((id) => `FILL(${id}, 0)`).join(' + '),
    usingMetrics,
    label: `${metric} (high)`,
    period,
  });
}

/** The pool's high-risk alarms: any request rated high risk in one period. */
export function createThreatProtectionAlarms(scope: Construct, pool: MonitoredPool, options: MonitoringOptions): cloudwatch.Alarm[] {
  return RISKS.map((risk) => createAlarm(scope, {
    id: `UserPool${risk.metric}Alarm`,
    name: `${pool.apiName} ${risk.words} (user pool ${pool.userPool.userPoolId})`,
    description: `Cognito's threat protection rated sign-in, sign-up or password-change requests of the user pool ${pool.userPool.userPoolId} `
      + `high risk for ${risk.detected}. Look first at the users' authentication events (AdminListUserAuthEvents, or the console's user `
      + 'activity: which users, from where) and at what the pool does about it (the risk configuration\'s automatic responses: block, '
      + `require MFA, notify; in audit-only mode nothing is blocked): ${THREAT_METRICS_DOC}`,
    metric: highRiskCount(pool, risk.metric, options),
    threshold: 0,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
  }, options));
}
