import * as path from 'path';
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApi, RouteAuthorization, WhoamiFunction } from '../../src';

/**
 * Every kind of caller on one API: anyone (`/health`), any signed-in user (`/me`), callers whose
 * access token carries a scope (`GET /items`: users through the OAuth code flow, or the `reporting`
 * machine client), members of a group (`DELETE /items/{id}`: admins only), and a function of the
 * same app signing its request with its role's credentials (`GET /internal/report`: IAM authorization,
 * granted to the `Reporter` function only).
 */
export class AuthorizationExampleStack extends Stack {
  public readonly api: CognitoProtectedHttpApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const handler = new WhoamiFunction(this, 'Handler');
    // The reporter calls GET /internal/report with SigV4 (reporter/index.js). Its own log group, and a
    // role that may write to it and, through the route's grantees, invoke that one route.
    const reporterLogs = new logs.LogGroup(this, 'ReporterLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const reporterRole = new iam.Role(this, 'ReporterRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    reporterLogs.grantWrite(reporterRole);
    const reporter = new lambda.Function(this, 'Reporter', {
      runtime: handler.runtime, // the library's handlers' Node.js
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, 'reporter')),
      timeout: Duration.seconds(10),
      role: reporterRole,
      logGroup: reporterLogs,
    });

    this.api = new CognitoProtectedHttpApi(this, 'Api', {
      apiScopes: [
        { name: 'items.read', description: 'Read items' },
        { name: 'items.write', description: 'Create and change items' },
      ],
      groups: [{ name: 'admin', description: 'May delete items' }],
      callbackUrls: ['http://localhost:3000/callback'],
      logoutUrls: ['http://localhost:3000/'],
      corsPreflight: {
        allowOrigins: ['http://localhost:3000'],
        allowHeaders: ['authorization', 'content-type'],
        allowMethods: [CorsHttpMethod.ANY],
      },
      routes: [
        { path: '/health', handler, authorization: RouteAuthorization.publicAccess() },
        { path: '/me', handler },
        { path: '/items', handler, authorization: RouteAuthorization.signedIn({ scopes: ['api/items.read'] }) },
        { path: '/items', methods: [HttpMethod.POST], handler, authorization: RouteAuthorization.signedIn({ scopes: ['api/items.write'] }) },
        { path: '/items/{id}', methods: [HttpMethod.DELETE], handler, authorization: RouteAuthorization.inGroups(['admin']) },
        { path: '/internal/report', handler, authorization: RouteAuthorization.iam(), grantees: [reporter] },
      ],
    });
    reporter.addEnvironment('API_URL', this.api.apiUrl);

    this.api.addMachineClient({ name: 'reporting', scopes: ['api/items.read'], storeSecret: true });
  }
}
