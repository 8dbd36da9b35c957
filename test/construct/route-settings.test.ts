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
