import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { MonitoredStage, stageMetric } from './api-alarms';
import { functionMetric, knownTimeout, MonitoredFunction } from './function-alarms';
import { clientMetric, clientRequestKinds, MonitoredClient } from './user-pool-alarms';

/*
 * The dashboard: the alarms' states, then the stage (requests, 4xx and 5xx, latency p50/p90/p99),
 * one row per function (invocations and errors, throttles, duration p50/p90/p99 against its
 * timeout) and one per app client (sign-ins, sign-ups, token refreshes, and their throttles).
 * Routes added with addRoute() after the construct bring functions later: the widgets are laid
 * out when the dashboard's body is rendered (at synthesis), from what is monitored by then.
 */

/** What the dashboard shows; read when the body is rendered. */
export interface DashboardContent {
  readonly stage: MonitoredStage;
  readonly functions: readonly MonitoredFunction[];
  readonly clients: readonly MonitoredClient[];
  readonly alarms: readonly cloudwatch.IAlarm[];
  readonly latencyThreshold: Duration;
  readonly period: Duration;
}

/** The dashboard, with its one body widget. */
export function createDashboard(scope: Construct, id: string, dashboardName: string | undefined, content: DashboardContent): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, id, { dashboardName });
  dashboard.addWidgets(new DashboardBody(content));
  return dashboard;
}

/** The widgets of the content as it is, one row each. */
export function dashboardRows(content: DashboardContent): cloudwatch.IWidget[] {
  const { stage, period } = content;
  const rows: cloudwatch.IWidget[] = [
    new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...content.alarms], width: 24, height: Math.max(3, Math.ceil(content.alarms.length / 4) + 2) }),
    new cloudwatch.Row(
      new cloudwatch.GraphWidget({
        title: `${stage.apiName}: requests`,
        width: 8,
        left: [stageMetric(stage, 'Count', cloudwatch.Stats.SUM, period, 'requests')],
      }),
      new cloudwatch.GraphWidget({
        title: `${stage.apiName}: 4xx and 5xx`,
        width: 8,
        left: [
          stageMetric(stage, '4xx', cloudwatch.Stats.SUM, period, '4xx'),
          stageMetric(stage, '5xx', cloudwatch.Stats.SUM, period, '5xx'),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: `${stage.apiName}: latency`,
        width: 8,
        left: ['p50', 'p90', 'p99'].map((p) => stageMetric(stage, 'Latency', p, period, p)),
        leftAnnotations: [{ value: content.latencyThreshold.toMilliseconds(), label: 'p90 alarm' }],
      }),
    ),
  ];
  for (const { fn } of content.functions) {
    const timeout = knownTimeout(fn);
    rows.push(new cloudwatch.Row(
      new cloudwatch.GraphWidget({
        title: `${fn.functionName}: invocations and errors`,
        width: 8,
        left: [functionMetric(fn, 'Invocations', cloudwatch.Stats.SUM, period, 'invocations'), functionMetric(fn, 'Errors', cloudwatch.Stats.SUM, period, 'errors')],
      }),
      new cloudwatch.GraphWidget({
        title: `${fn.functionName}: throttles`,
        width: 8,
        left: [functionMetric(fn, 'Throttles', cloudwatch.Stats.SUM, period, 'throttles')],
      }),
      new cloudwatch.GraphWidget({
        title: `${fn.functionName}: duration`,
        width: 8,
        left: ['p50', 'p90', 'p99'].map((p) => functionMetric(fn, 'Duration', p, period, p)),
        leftAnnotations: timeout ? [{ value: timeout.toMilliseconds(), label: 'timeout' }] : undefined,
      }),
    ));
  }
  for (const client of content.clients) {
    const kinds = clientRequestKinds(client);
    const who = `app client ${client.client.userPoolClientId}`;
    rows.push(new cloudwatch.Row(
      new cloudwatch.GraphWidget({
        title: `${who}: sign-ins, sign-ups, token refreshes`,
        width: 12,
        // Each request publishes a Successes datapoint of 1 or 0: SampleCount counts the requests, Sum the successful ones.
        left: kinds.map((kind) => clientMetric(client, `${kind.metric}Successes`, cloudwatch.Stats.SUM, period, `${kind.words} successes`)),
      }),
      new cloudwatch.GraphWidget({
        title: `${who}: throttles`,
        width: 12,
        left: kinds.map((kind) => clientMetric(client, `${kind.metric}Throttles`, cloudwatch.Stats.SUM, period, `${kind.words} throttles`)),
      }),
    ));
  }
  return rows;
}

/** One widget that lays out `dashboardRows` when the dashboard renders it, so that late additions are in. */
class DashboardBody implements cloudwatch.IWidget {
  private column?: cloudwatch.Column;
  private builtFor = -1;

  constructor(private readonly content: DashboardContent) {}

  public get width(): number {
    return this.layout().width;
  }

  public get height(): number {
    return this.layout().height;
  }

  public position(x: number, y: number): void {
    this.layout().position(x, y);
  }

  public toJson(): any[] {
    return this.layout().toJson();
  }

  private layout(): cloudwatch.Column {
    // Every addition adds alarms: rebuild when their number changed since the last layout.
    if (!this.column || this.builtFor !== this.content.alarms.length) {
      this.column = new cloudwatch.Column(...dashboardRows(this.content));
      this.builtFor = this.content.alarms.length;
    }
    return this.column;
  }
}
