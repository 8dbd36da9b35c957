// The authorization example (test/example/authorization-example-stack.ts) as a TypeScript CDK app writes it against the published npm package.
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
// eslint-disable-next-line import/no-unresolved -- installed from dist/js by test/consumers/run.sh
import { CognitoProtectedHttpApi, RouteAuthorization, WhoamiFunction } from 'cdk-cognito-protected-http-api';
import { Construct } from 'constructs';

export interface AuthorizationExampleStackProps extends StackProps {
  /** The reporter function's code: the directory test/example/reporter. */
  readonly reporterCode: string;
}

export class AuthorizationExampleStack extends Stack {
  public readonly api: CognitoProtectedHttpApi;
  public readonly reportingClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthorizationExampleStackProps) {
    super(scope, id, props);

    const handler = new WhoamiFunction(this, 'Handler');
    const reporterLogs = new logs.LogGroup(this, 'ReporterLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const reporterRole = new iam.Role(this, 'ReporterRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    reporterLogs.grantWrite(reporterRole);
    const reporter = new lambda.Function(this, 'Reporter', {
      runtime: handler.runtime,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(props.reporterCode),
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

    this.reportingClient = this.api.addMachineClient({ name: 'reporting', scopes: ['api/items.read'], storeSecret: true });
  }
}
