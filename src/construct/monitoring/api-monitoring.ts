import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { createRouteAlarm, createStageAlarms, MonitoredStage } from './api-alarms';
import { createDashboard } from './api-dashboard';
import { createFunctionAlarms, MonitoredFunction } from './function-alarms';
import { MONITORING_DEFAULTS, MonitoringOptions } from './monitoring-options';
import { createThreatProtectionAlarms, MonitoredPool } from './threat-protection-alarms';
import { createClientAlarms, MonitoredClient } from './user-pool-alarms';
import { alphanumeric } from '../validation/check-helpers';

/**
 * The alarms and the dashboard of a `CognitoProtectedHttpApi` with `monitoring` on
 * (`api.monitoring`). Route functions added later with `addRoute()` get their alarms (and their
 * dashboard row) when they are added.
 */
export class ApiMonitoring extends Construct {
  /** @internal */
  public static _create(scope: Construct, id: string, options: MonitoringOptions, stage: MonitoredStage): ApiMonitoring {
    return new ApiMonitoring(scope, id, options, stage);
  }

  /**
   * Every alarm made so far: the stage's first, then each function's, app client's and (with
   * `detailedMetrics`) route's in the order they were monitored.
   */
  public readonly alarms: cloudwatch.Alarm[] = [];

  /** The dashboard, unless `dashboard` is false. */
  public readonly dashboard?: cloudwatch.Dashboard;

  /** The options it was given. */
  public readonly options: MonitoringOptions;

  private readonly functions: MonitoredFunction[] = [];
  private readonly clients: MonitoredClient[] = [];
  private readonly functionIds = new Set<string>();
  private readonly routeIds = new Set<string>();
  private readonly stage: MonitoredStage;

  private constructor(scope: Construct, id: string, options: MonitoringOptions, stage: MonitoredStage) {
    super(scope, id);
    this.options = options;
    this.stage = stage;
    this.alarms.push(...createStageAlarms(this, stage, options));
    if (options.dashboard ?? true) {
      this.dashboard = createDashboard(this, 'Dashboard', options.dashboardName, {
        stage,
        functions: this.functions,
        clients: this.clients,
        alarms: this.alarms,
        latencyThreshold: options.latencyP90 ?? MONITORING_DEFAULTS.latencyP90,
        period: options.period ?? MONITORING_DEFAULTS.period,
      });
    }
  }

  /**
   * Alarms on a function the API calls, once however many routes it answers. `role` says what it
   * is ("route function", "Lambda authorizer function").
   *
   * @internal
   */
  public _monitorFunction(fn: lambda.IFunction, role: string): void {
    if (this.functions.some((monitored) => monitored.fn === fn)) {
      return;
    }
    // The function's construct id names its alarms' (stable while it keeps its id); a second
    // function with the same id elsewhere in the app gets a number.
    const base = `Function${alphanumeric(fn.node.id)}`;
    let id = base;
    for (let n = 2; this.functionIds.has(id); n++) id = `${base}${n}`;
    this.functionIds.add(id);
    const monitored = { id, fn, role };
    this.functions.push(monitored);
    this.alarms.push(...createFunctionAlarms(this, monitored, this.options));
  }

  /**
   * A route's 5xx rate alarm, on its per-route metric (the stage's `detailedMetrics`).
   *
   * @internal
   */
  public _monitorRoute(method: string, path: string): void {
    // The method and path name its alarm's construct id; paths differing only in punctuation get a number.
    const base = `Route${alphanumeric(`${method}${path}`)}`;
    let id = base;
    for (let n = 2; this.routeIds.has(id); n++) id = `${base}${n}`;
    this.routeIds.add(id);
    this.alarms.push(createRouteAlarm(this, `${id}ServerErrorRateAlarm`, this.stage, { method, path }, this.options));
  }

  /**
   * Alarms on an app client the construct created.
   *
   * @internal
   */
  public _monitorClient(client: Omit<MonitoredClient, 'id'>): void {
    const monitored = { ...client, id: `Client${this.clients.length + 1}` };
    this.clients.push(monitored);
    this.alarms.push(...createClientAlarms(this, monitored, this.options));
  }

  /**
   * The high-risk alarms of a pool the construct created with threat protection on.
   *
   * @internal
   */
  public _monitorThreats(pool: MonitoredPool): void {
    this.alarms.push(...createThreatProtectionAlarms(this, pool, this.options));
  }
}
