import { Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { CognitoProtectedHttpApi } from '../../src';
import { inlineFunction, newStack } from '../helpers';

/**
 * Per-route settings of the `$default` stage: a route's `throttle` in the stage's `RouteSettings`,
 * keyed by route key (API Gateway, "Throttle requests to your HTTP APIs").
 */

describe('a route throttle', () => {
  test('is written into the stage\'s RouteSettings once per method, keyed by route key', () => {
    const stack = newStack();
    const handler = inlineFunction(stack, 'Handler');
    const api = new CognitoProtectedHttpApi(stack, 'Api', {
      routes: [
        { path: '/items', methods: [HttpMethod.GET, HttpMethod.POST], handler, throttle: { rateLimit: 50, burstLimit: 100 } },
        { path: '/health', handler },
      ],
    });
    api.addRoute({ path: '/items/{id}', methods: [HttpMethod.DELETE], handler, throttle: { rateLimit: 0.5, burstLimit: 1 } });

    const stages = Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Stage');
    const [stage] = Object.values(stages);
    expect(stage.Properties.RouteSettings).toEqual({
      'GET /items': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      'POST /items': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      'DELETE /items/{id}': { ThrottlingRateLimit: 0.5, ThrottlingBurstLimit: 1 },
    });
    // The stage's own throttle stays as it was.
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
  });

  test('may equal the stage\'s throttle, as the props set it', () => {
    const stack = newStack();
    const handler = inlineFunction(stack, 'Handler');
    new CognitoProtectedHttpApi(stack, 'Api', {
      throttlingRateLimit: 2000,
      throttlingBurstLimit: 3000,
      routes: [{ path: '/items', handler, throttle: { rateLimit: 2000, burstLimit: 3000 } }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: { 'GET /items': { ThrottlingRateLimit: 2000, ThrottlingBurstLimit: 3000 } },
    });
  });

  test('without any, the stage has no RouteSettings', () => {
    const stack = newStack();
    new CognitoProtectedHttpApi(stack, 'Api', { routes: [{ path: '/items', handler: inlineFunction(stack, 'Handler') }] });
    const [stage] = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage.Properties).not.toHaveProperty('RouteSettings');
  });

  test('added with addRoute() is checked there, naming addRoute() and the route', () => {
    const stack = newStack();
    const api = new CognitoProtectedHttpApi(stack, 'Api', {});
    expect(() => api.addRoute({ path: '/items', handler: inlineFunction(stack, 'Handler'), throttle: { rateLimit: 501, burstLimit: 1 } }))
      .toThrow('CognitoProtectedHttpApi: addRoute().throttle.rateLimit: is 501 on route /items; give requests per second from 0 to 500 (the stage\'s throttlingRateLimit).');
  });
});

describe('detailedMetrics', () => {
  test('turns on the stage\'s DetailedMetricsEnabled, and repeats it in each route\'s settings', () => {
    const stack = newStack();
    new CognitoProtectedHttpApi(stack, 'Api', {
      detailedMetrics: true,
      routes: [{ path: '/items', handler: inlineFunction(stack, 'Handler'), throttle: { rateLimit: 5, burstLimit: 10 } }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { DetailedMetricsEnabled: true, ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
      RouteSettings: { 'GET /items': { DetailedMetricsEnabled: true, ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } },
    });
  });

  test('off (the default, or false) leaves DetailedMetricsEnabled out', () => {
    for (const detailedMetrics of [undefined, false]) {
      const stack = newStack();
      new CognitoProtectedHttpApi(stack, 'Api', { detailedMetrics, routes: [{ path: '/items', handler: inlineFunction(stack, 'Handler') }] });
      const [stage] = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Stage'));
      expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
    }
  });

  test('with monitoring, adds a 5xx rate alarm per route and method, on Method and Resource, in api.monitoring.alarms', () => {
    const stack = newStack();
    const handler = inlineFunction(stack, 'Handler');
    const api = new CognitoProtectedHttpApi(stack, 'Api', {
      apiName: 'shop',
      detailedMetrics: true,
      monitoring: { serverErrorRate: 0.02, dashboard: false },
      routes: [{ path: '/items', methods: [HttpMethod.GET, HttpMethod.POST], handler }],
    });
    api.addRoute({ path: '/items/{id}', handler });
    const template = Template.fromStack(stack);

    const routeAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .filter((alarm) => (alarm.Properties.Dimensions as Array<{ Name: string }>).some((d) => d.Name === 'Method'));
    expect(routeAlarms.map((alarm) => alarm.Properties)).toEqual(['GET /items', 'POST /items', 'GET /items/{id}'].map((key) => {
      const [method, resource] = key.split(' ');
      return expect.objectContaining({
        AlarmName: { 'Fn::Join': ['', [`shop ${method} ${resource} 5xx rate (`, { Ref: expect.stringMatching(/^ApiHttpApi/) }, ')']] },
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Statistic: 'Average',
        Period: 60,
        Threshold: 0.02,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Dimensions: [
          { Name: 'ApiId', Value: { Ref: expect.stringMatching(/^ApiHttpApi/) } },
          { Name: 'Method', Value: method },
          { Name: 'Resource', Value: resource },
          { Name: 'Stage', Value: '$default' },
        ],
      });
    }));
    // The stage's three alarms, then the routes' (the inline function gets its own in between).
    expect(api.monitoring!.alarms.map((alarm) => alarm.node.id).filter((id) => id.startsWith('Route'))).toEqual([
      'RouteGETitemsServerErrorRateAlarm', 'RoutePOSTitemsServerErrorRateAlarm', 'RouteGETitemsidServerErrorRateAlarm',
    ]);
  });

  test('without monitoring adds no alarm; monitoring without detailedMetrics adds no route alarm', () => {
    const stack = newStack();
    const handler = inlineFunction(stack, 'Handler');
    new CognitoProtectedHttpApi(stack, 'Plain', { detailedMetrics: true, routes: [{ path: '/items', handler }] });
    const monitored = new CognitoProtectedHttpApi(stack, 'Monitored', { monitoring: { dashboard: false }, routes: [{ path: '/items', handler }] });
    const template = Template.fromStack(stack);
    const dimensions = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties.Dimensions as Array<{ Name: string }>);
    expect(dimensions.length).toBe(monitored.monitoring!.alarms.length);
    expect(dimensions.flat().map((d) => d.Name)).not.toContain('Method');
  });
});
