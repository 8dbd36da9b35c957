import { Duration, Token } from 'aws-cdk-lib';
import { MonitoringOptions } from './monitoring-options';
import { fail, rejectUnused } from '../validation/check-helpers';

/*
 * The checks of `monitoring` (MonitoringOptions), run with the construction checks: a threshold out
 * of its range would make an alarm that never fires (a rate above 1) or always does (a negative
 * rate), which CloudFormation accepts without a word.
 */

/** Checks the monitoring options' thresholds, period and dashboard name. */
export function validateMonitoring(options: MonitoringOptions | undefined): void {
  if (options === undefined) {
    return;
  }
  checkShare('monitoring.serverErrorRate', options.serverErrorRate, 'a share of the requests from 0 to 1 (0.05 is 5%)', true);
  checkShare('monitoring.clientErrorRate', options.clientErrorRate, 'a share of the requests from 0 to 1 (0.05 is 5%)', true);
  if (options.functionDurationRatio !== undefined && Token.isUnresolved(options.functionDurationRatio)) {
    // Multiplied by each function's timeout at synthesis: a deploy-time value cannot be.
    fail('monitoring.functionDurationRatio', 'is a token (a parameter or a reference); give a number, e.g. 0.9: the construct multiplies it by each function\'s timeout at synthesis.');
  }
  checkShare('monitoring.functionDurationRatio', options.functionDurationRatio, 'a share of the function\'s timeout above 0 and at most 1 (0.9 is 90%)', false);
  const latency = millis(options.latencyP90);
  if (latency !== undefined && latency <= 0) {
    fail('monitoring.latencyP90', `is ${options.latencyP90!.toHumanString()}; give a latency above 0, e.g. Duration.millis(2500).`);
  }
  const period = millis(options.period);
  if (period !== undefined && (period < 60_000 || period % 60_000 !== 0)) {
    fail('monitoring.period', `is ${options.period!.toHumanString()}; give a whole number of minutes, at least Duration.minutes(1) (the metrics are published per minute).`);
  }
  if (options.dashboard === false) {
    rejectUnused(options, ['dashboardName'], 'monitoring.dashboard', 'is false', 'remove dashboard: false');
  }
  const name = options.dashboardName;
  if (name !== undefined && !Token.isUnresolved(name) && !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    fail('monitoring.dashboardName', `"${name}" may only contain letters, digits, "-" and "_" (1 to 255 of them).`);
  }
}

function checkShare(prop: string, value: number | undefined, range: string, zeroAllowed: boolean): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (Number.isNaN(value) || value > 1 || value < 0 || (!zeroAllowed && value === 0)) {
    fail(prop, `is ${value}; give ${range}.`);
  }
}

function millis(duration: Duration | undefined): number | undefined {
  if (duration === undefined || Token.isUnresolved(duration.toMilliseconds({ integral: false }))) {
    return undefined;
  }
  return duration.toMilliseconds({ integral: false });
}
