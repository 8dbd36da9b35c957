import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { MonitoringOptions } from './monitoring-options';

/** One alarm as the resource kinds' files describe it; `createAlarm` adds what every alarm shares. */
export interface AlarmSpec {
  /** The construct id, unique under the monitoring construct. */
  readonly id: string;
  /** What broke, e.g. "<api name> 5xx rate (<api id>)": CloudWatch alarm names are unique per account and region. */
  readonly name: string;
  /** What to look at first. */
  readonly description: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /**
   * Every alarm here watches a count, a rate or a percentile of requests and invocations; a period
   * without datapoints is a period without traffic, in which nothing failed, was throttled or was
   * slow. NOT_BREACHING keeps a quiet API (and a function no route has called yet) in OK instead of
   * INSUFFICIENT_DATA or ALARM.
   */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/** Creates the alarm (`>` its threshold) with the monitoring options' actions. */
export function createAlarm(scope: Construct, spec: AlarmSpec, options: MonitoringOptions): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, spec.id, {
    alarmName: spec.name,
    alarmDescription: spec.description,
    metric: spec.metric,
    threshold: spec.threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: spec.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  for (const action of options.alarmActions ?? []) {
    alarm.addAlarmAction(action);
    if (options.notifyOnOk) {
      alarm.addOkAction(action);
    }
  }
  return alarm;
}
