import { Lazy } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { accessLogFormat } from './access-log';
import { RouteThrottle } from './route-throttle';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { createLogGroup } from '../managed-resources/log-group';

/** Default stage throttling: requests per second, and the burst above it. */
export const DEFAULT_RATE_LIMIT = 500;
export const DEFAULT_BURST_LIMIT = 1000;

/** The `$default` stage's throttling: the props', or the defaults. */
export function stageThrottle(props: CognitoProtectedHttpApiProps): RouteThrottle {
  return {
    rateLimit: props.throttlingRateLimit ?? DEFAULT_RATE_LIMIT,
    burstLimit: props.throttlingBurstLimit ?? DEFAULT_BURST_LIMIT,
  };
}

/** The custom domain of the API, when `domainName` is given. */
export function createDomain(scope: Construct, props: CognitoProtectedHttpApiProps): apigwv2.DomainName | undefined {
  if (props.domainName === undefined) {
    return undefined;
  }
  const certificate = props.certificate ?? new acm.Certificate(scope, 'Certificate', {
    domainName: props.domainName,
    validation: acm.CertificateValidation.fromDns(props.hostedZone),
  });
  const domain = new apigwv2.DomainName(scope, 'DomainName', { domainName: props.domainName, certificate });
  if (props.hostedZone) {
    new route53.ARecord(scope, 'AliasRecord', {
      zone: props.hostedZone,
      recordName: props.domainName,
      target: route53.RecordTarget.fromAlias(new targets.ApiGatewayv2DomainProperties(domain.regionalDomainName, domain.regionalHostedZoneId)),
    });
  }
  return domain;
}

/** The `$default` stage: auto-deployed, throttled, with JSON access logs unless turned off. */
export function createStage(
  scope: Construct,
  httpApi: apigwv2.HttpApi,
  props: CognitoProtectedHttpApiProps,
  domain?: apigwv2.DomainName,
): { stage: apigwv2.HttpStage; accessLogGroup?: logs.ILogGroup } {
  let accessLogGroup: logs.ILogGroup | undefined;
  if (props.accessLogging ?? true) {
    accessLogGroup = props.accessLogGroup ?? createLogGroup(scope, 'AccessLogs', props, props.accessLogRetention ?? props.logRetention);
  }
  const stage = httpApi.addStage('DefaultStage', {
    stageName: '$default',
    autoDeploy: true,
    throttle: stageThrottle(props),
    // Only when on: an explicit false would add DetailedMetricsEnabled to every template.
    detailedMetricsEnabled: props.detailedMetrics ? true : undefined,
    accessLogSettings: accessLogGroup ? {
      destination: new apigwv2.LogGroupLogDestination(accessLogGroup),
      format: accessLogFormat(),
    } : undefined,
    domainMapping: domain ? { domainName: domain } : undefined,
  });
  return { stage, accessLogGroup };
}

/**
 * The stage's `RouteSettings`, keyed by route key (`GET /items`): filled as routes with a
 * `throttle` are added, and written only when there is one.
 */
export class StageRouteSettings {
  private readonly settings = new Map<string, Record<string, unknown>>();

  /**
   * `detailedMetrics` repeats the stage's DetailedMetricsEnabled in each route's settings: a
   * route's settings replace the stage's default route settings for that route.
   */
  constructor(stage: apigwv2.HttpStage, private readonly detailedMetrics: boolean) {
    const cfnStage = stage.node.defaultChild as apigwv2.CfnStage;
    cfnStage.routeSettings = Lazy.any({
      produce: () => (this.settings.size > 0 ? Object.fromEntries(this.settings) : undefined),
    });
  }

  /** The throttling of one route key. */
  public throttle(routeKey: string, throttle: RouteThrottle): void {
    this.settings.set(routeKey, {
      ThrottlingRateLimit: throttle.rateLimit,
      ThrottlingBurstLimit: throttle.burstLimit,
      ...(this.detailedMetrics ? { DetailedMetricsEnabled: true } : {}),
    });
  }
}
