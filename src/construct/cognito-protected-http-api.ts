import { Annotations, CfnOutput, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ApiRouteOptions } from './api/api-route';
import { validateRoute, validateRouteThrottle } from './api/api-route-validation';
import { createDomain, createStage, DEFAULT_BURST_LIMIT, DEFAULT_RATE_LIMIT, StageRouteSettings, stageThrottle } from './api/api-stage';
import { grantApiInvoke, lambdaRouteIntegration } from './api/lambda-route-integration';
import { executeApiPath, grantedRoutes, notIamAuthorized, ungrantedWarnings } from './api/route-grants';
import { recordAccess } from './authorization/access-metadata';
import { DeclaredNames, validateRouteGroup, validateRouteScopes } from './authorization/api-scope-validation';
import { idTokenWarnings, MachineClientScopes, OAUTH_USER_SCOPES, RouteRecord, shadowWarnings, unobtainableScopeErrors } from './authorization/authorization-checks';
import { lambdaAuthorizerPermission, USER_POOL_AUTHORIZER_ID, userPoolAuthorizerResource } from './authorization/aws-cdk-lib-internals';
import { createLambdaAuthorizer } from './authorization/lambda-token-authorizer';
import { RouteAuthorization } from './authorization/route-authorization';
import { TokenAuthorizer, TokenAuthorizerKind } from './authorization/token-authorizer';
import { CognitoProtectedHttpApiProps } from './cognito-protected-http-api-props';
import { bundledFunctionProps } from './functions/bundled-function';
import { ApiMonitoring } from './monitoring/api-monitoring';
import { hasThreatProtection } from './sign-in/threat-protection';
import { MachineClientOptions } from './user-pool/machine-client';
import { storeMachineClientSecret } from './user-pool/machine-client-secret';
import { validateMachineClient } from './user-pool/machine-client-validation';
import { createPoolDomain, wantsPoolDomain } from './user-pool/pool-domain';
import { PoolTokenTrigger } from './user-pool/token-trigger';
import { createUserClient } from './user-pool/user-client';
import { createUserPool } from './user-pool/user-pool';
import { validResourceServerName } from './validation/cfn-limits';
import { alphanumeric, fail } from './validation/check-helpers';
import { runConstructionChecks } from './validation/construction-checks';
import { checkScopesPerRoute, quotaWarnings, userPoolAudienceErrors } from './validation/quotas';

/** Scopes a user client obtains from the Cognito API (SRP / password sign-in) and from the OAuth code flow. */
const SIGN_IN_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * A Lambda-backed API Gateway HTTP API that only signed-in users (or trusted machines) of a Cognito
 * user pool can call.
 *
 * It creates (or brings in) the user pool and its app client(s), a user-pool JWT authorizer that is
 * the API's default for **every** route (routes are public only when declared so), the HTTP API
 * with its throttled, access-logged `$default` stage, the Lambda routes, and outputs for region,
 * user pool id, client id and API URL.
 */
export class CognitoProtectedHttpApi extends Construct {
  /** The app clients whose tokens the API accepts (the JWT audience), machine clients included; empty with an OIDC issuer. */
  public readonly userPoolClients: cognito.IUserPoolClient[];

  /** The resource server holding `apiScopes`, when any are declared. */
  public readonly resourceServer?: cognito.UserPoolResourceServer;

  /**
   * The API's default authorizer: an `HttpUserPoolAuthorizer` (default), an `HttpJwtAuthorizer`
   * (`TokenAuthorizer.oidcIssuer()`) or an `HttpLambdaAuthorizer` (`TokenAuthorizer.lambdaAuthorizer()`).
   */
  public readonly authorizer: apigwv2.IHttpRouteAuthorizer;

  /** The Lambda authorizer's function, with `TokenAuthorizer.lambdaAuthorizer()`. */
  public readonly authorizerFunction?: lambda.IFunction;

  /** The HTTP API. */
  public readonly httpApi: apigwv2.HttpApi;

  /** The API's custom domain, when `domainName` is given. */
  public readonly domainName?: apigwv2.DomainName;

  /** The API's `$default` stage. */
  public readonly stage: apigwv2.HttpStage;

  /** The log group of the access logs, unless access logging is off. */
  public readonly accessLogGroup?: logs.ILogGroup;

  /** The API's URL, ending with `/`: the custom domain's when there is one, else the stage's. */
  public readonly apiUrl: string;

  /** The routes created so far, one per path and method. */
  public readonly routes: apigwv2.HttpRoute[] = [];

  /** The alarms and the dashboard, with `monitoring`. */
  public readonly monitoring?: ApiMonitoring;

  private readonly props: CognitoProtectedHttpApiProps;
  private readonly tokenAuthorizer: TokenAuthorizer;
  private readonly pool?: cognito.IUserPool;
  private readonly createdPool?: cognito.UserPool;
  private readonly apiScopes = new Map<string, cognito.OAuthScope>();
  private readonly machineClients: MachineClientScopes[] = [];
  private readonly machineClientNames = new Set<string>();
  /** Machine clients by name, with their stored secret (`storeSecret`) if any. */
  private readonly machineClientSecrets = new Map<string, secretsmanager.Secret | undefined>();
  /** Each machine client's name and scopes, for the routes' access metadata. */
  private readonly machineClientsByName = new Map<string, readonly string[]>();
  private readonly groupNames: Set<string>;
  private readonly routeRecords: RouteRecord[] = [];
  private readonly integrations = new Map<lambda.IFunction, apigwv2.HttpRouteIntegration>();
  private poolDomain?: cognito.UserPoolDomain;
  private routeSettings?: StageRouteSettings;
  /** The pool's pre-token-generation trigger, and whether it gets event version 3. */
  private readonly tokenTrigger: PoolTokenTrigger;
  /** Machine clients' static claims, by client name (the V3 trigger's `MACHINE_CLIENT_CLAIMS`). */
  private preflightIntegration?: apigwv2.HttpRouteIntegration;
  private iamAuthorizer?: HttpIamAuthorizer;
  /** The principals granted each IAM route, by route key (`GET /items`). */
  private readonly grantees = new Map<string, iam.IGrantable[]>();
  private audienceIsLazy = false;
  private authorizerPermissionAccounted = false;

  constructor(scope: Construct, id: string, props: CognitoProtectedHttpApiProps = {}) {
    super(scope, id);
    runConstructionChecks(props, this);
    this.props = props;
    this.tokenAuthorizer = props.tokenAuthorizer ?? TokenAuthorizer.userPool();
    const oidc = this.tokenAuthorizer.kind === TokenAuthorizerKind.OIDC_ISSUER;

    // 1. The user pool (none for an external OIDC issuer), its groups and its resource server (custom scopes).
    this.createdPool = props.userPool || oidc ? undefined : createUserPool(this, props);
    this.pool = props.userPool ?? this.createdPool;
    this.tokenTrigger = new PoolTokenTrigger(this, props, this.createdPool, (fn) => this.monitoring?._monitorFunction(fn, 'pre-token-generation trigger'));
    this.groupNames = new Set((props.groups ?? []).map((group) => group.name));
    for (const group of props.groups ?? []) {
      // The L1, not the `UserPoolGroup` L2: the L2 puts its resource at `Group<name>/Resource`, whose
      // logical id hashes that path, so existing groups would be replaced, dropping their members.
      new cognito.CfnUserPoolGroup(this, `Group${alphanumeric(group.name)}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group.name,
        description: group.description,
        precedence: group.precedence,
      });
    }
    if (props.apiScopes?.length) {
      const identifier = props.resourceServerIdentifier ?? 'api';
      const scopes = props.apiScopes.map((s) => new cognito.ResourceServerScope({ scopeName: s.name, scopeDescription: s.description ?? s.name }));
      this.resourceServer = new cognito.UserPoolResourceServer(this, 'ResourceServer', {
        userPool: this.userPool,
        identifier,
        // aws-cdk-lib names it after the identifier, but "https://api.example.com" is no valid name.
        userPoolResourceServerName: Token.isUnresolved(identifier) ? undefined : validResourceServerName(identifier),
        scopes,
      });
      for (const serverScope of scopes) {
        this.apiScopes.set(`${identifier}/${serverScope.scopeName}`, cognito.OAuthScope.resourceServer(this.resourceServer, serverScope));
      }
    }

    // 2. The app clients: the user client (or those brought in), then machine clients.
    this.userPoolClients = props.userPoolClients ? [...props.userPoolClients] : [];
    if (this.pool && !props.userPoolClients) {
      this.userPoolClients.push(createUserClient(this, this.pool, props, [...this.apiScopes.values()]));
    }
    if (wantsPoolDomain(props)) {
      this.ensurePoolDomain();
    }
    (props.machineClients ?? []).forEach((client, index) => this.addMachineClientChecked(client, `machineClients[${index}]`));
    if (props.preTokenGeneration) {
      this.tokenTrigger.ensure('preTokenGeneration', true);
    }

    // 3. The authorizer.
    if (this.tokenAuthorizer.kind === TokenAuthorizerKind.LAMBDA) {
      ({ authorizer: this.authorizer, handler: this.authorizerFunction } = createLambdaAuthorizer(this, this.tokenAuthorizer.lambdaOptions!, props, {
        userPool: this.pool,
        userPoolClients: () => this.userPoolClients,
        routes: () => this.routeRecords,
      }));
    } else if (oidc) {
      const { issuer, audience } = this.tokenAuthorizer.oidc!;
      this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', issuer, { jwtAudience: audience });
    } else {
      // The clients are always given: without them the authorizer would add a client of its own.
      this.authorizer = new HttpUserPoolAuthorizer(USER_POOL_AUTHORIZER_ID, this.userPool, {
        userPoolClients: this.userPoolClients,
        userPoolRegion: this.userPool.env.region,
      });
    }

    // 4. The API, protected by default, and its stage.
    this.domainName = createDomain(this, props);
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: props.apiName ?? id,
      description: props.apiDescription,
      corsPreflight: props.corsPreflight,
      defaultAuthorizer: this.authorizer,
      createDefaultStage: false,
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint,
    });
    ({ stage: this.stage, accessLogGroup: this.accessLogGroup } = createStage(this, this.httpApi, props, this.domainName));
    this.apiUrl = this.domainName ? `https://${props.domainName}/` : this.stage.url;
    if (props.monitoring) {
      this.monitoring = this.createMonitoring(props, id);
    }

    // 5. The routes.
    (props.routes ?? []).forEach((route, index) => this.addRouteChecked(route, `routes[${index}]`));
    this.node.addValidation({ validate: () => this.checkAtSynth() });
    this.node.addValidation({ validate: () => userPoolAudienceErrors(this.tokenAuthorizer.kind, props, this.machineClientNames.size) });

    // 6. The outputs.
    if (props.createOutputs ?? true) {
      new CfnOutput(this, 'Region', { value: this.pool?.env.region ?? Stack.of(this).region, description: 'Region of the user pool and the API' });
      if (this.pool) {
        new CfnOutput(this, 'UserPoolId', { value: this.pool.userPoolId, description: 'Cognito user pool id' });
        new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId, description: 'Cognito app client id' });
      }
      new CfnOutput(this, 'ApiUrl', { value: this.apiUrl, description: 'URL of the HTTP API' });
    }
  }

  /**
   * Adds a route answered by a Lambda function. Protected by the user-pool authorizer unless its
   * `authorization` is `RouteAuthorization.publicAccess()`.
   *
   * @returns the routes created, one per method
   */
  public addRoute(route: ApiRouteOptions): apigwv2.HttpRoute[] {
    return this.addRouteChecked(route, 'addRoute()');
  }

  /**
   * Adds a machine-to-machine caller: a confidential app client (with a secret) limited to the
   * given API scopes, which gets access tokens with the client-credentials grant at the pool
   * domain's token endpoint (created when needed). The API accepts its tokens.
   *
   * @returns the app client
   */
  public addMachineClient(options: MachineClientOptions): cognito.UserPoolClient {
    return this.addMachineClientChecked(options, 'addMachineClient()');
  }

  /**
   * Lets `grantee` (a Lambda function, a role...) call IAM-authorized routes (`RouteAuthorization.iam()`):
   * `execute-api:Invoke` on exactly their ARNs, `arn:<partition>:execute-api:<region>:<account>:<api id>/$default/<METHOD>/<path>`
   * with each path parameter as `*`. All IAM routes without `path`; all IAM routes of `path` without
   * `method`. Throws when no route matches, or when the route named is not IAM-authorized. The caller
   * signs its requests with Signature Version 4 (service `execute-api`).
   *
   * @param grantee the principal to allow
   * @param path a route's path, as declared (e.g. `/internal/report` or `/items/{id}`)
   * @param method one of the route's methods
   * @returns the grant
   */
  public grantInvoke(grantee: iam.IGrantable, path?: string, method?: apigwv2.HttpMethod): iam.Grant {
    return this.grantRoutes(grantee, grantedRoutes('grantInvoke()', this.routeRecords, path, method));
  }

  /**
   * Lets `grantee` read a machine client's stored secret (`storeSecret: true`, JSON
   * `{"clientId": ..., "clientSecret": ...}`, named by the `MachineClient<name>SecretArn` output):
   * `GetSecretValue` and `DescribeSecret` on it, and decryption with its key when `logEncryptionKey`
   * encrypts it. Throws if no machine client has that name or it stores no secret.
   *
   * @returns the grant
   */
  public grantReadMachineClientSecret(name: string, grantee: iam.IGrantable): iam.Grant {
    return this.storedSecret(name, 'grantReadMachineClientSecret()').grantRead(grantee);
  }

  /**
   * The user pool whose tokens the API accepts. Throws with `TokenAuthorizer.oidcIssuer()`, which
   * needs no pool.
   */
  public get userPool(): cognito.IUserPool {
    if (!this.pool) {
      throw new Error('CognitoProtectedHttpApi: userPool: this API trusts an external OIDC issuer (TokenAuthorizer.oidcIssuer()), so it has no user pool.');
    }
    return this.pool;
  }

  /** The user client: the one created by the construct, or the first one brought in. Throws like `userPool`. */
  public get userPoolClient(): cognito.IUserPoolClient {
    return this.userPool && this.userPoolClients[0];
  }

  /** The pool's Cognito domain, when OAuth needs one (machine clients, `callbackUrls`) or `domainPrefix` is given. */
  public get userPoolDomain(): cognito.UserPoolDomain | undefined {
    return this.poolDomain;
  }

  private addRouteChecked(route: ApiRouteOptions, where: string): apigwv2.HttpRoute[] {
    const methods = route.methods ?? [apigwv2.HttpMethod.GET];
    const authorization = route.authorization ?? RouteAuthorization.signedIn();
    validateRoute(where, route, methods, this.routeRecords);
    if (route.grantees?.length && !authorization.isIam) {
      fail(`${where}.grantees`, notIamAuthorized(`${methods.join(', ')} ${route.path}`, authorization, 'grantees'));
    }
    if (route.throttle) validateRouteThrottle(`${where}.throttle`, route.path, route.throttle, stageThrottle(this.props));
    this.checkAuthorizerSupports(`${where}.authorization`, authorization);
    if (this.scopesAreKnown()) validateRouteScopes(`${where}.authorization`, authorization.scopes, this.declaredNames());
    if (this.tokenAuthorizer.kind !== TokenAuthorizerKind.LAMBDA) checkScopesPerRoute(`${where}.authorization`, authorization.scopes.length, authorization.groups.length);
    this.prepareGroupAuthorization(where, authorization);

    // JWT authorizers check scopes (and group scopes) themselves; the Lambda authorizer reads its config.
    const requiredScopes = this.tokenAuthorizer.kind === TokenAuthorizerKind.LAMBDA ? [] : authorization.requiredScopes();
    const created = this.httpApi.addRoutes({
      path: route.path,
      methods,
      integration: this.integrationFor(route.handler),
      authorizer: this.routeAuthorizer(authorization),
      authorizationScopes: requiredScopes.length > 0 ? requiredScopes : undefined,
    });
    const records = methods.map((method) => ({ method, path: route.path, authorization }));
    this.routeRecords.push(...records);
    for (const grantee of route.grantees ?? []) this.grantRoutes(grantee, records);
    this.routes.push(...created);
    if (route.throttle) {
      this.routeSettings ??= new StageRouteSettings(this.stage, this.props.detailedMetrics ?? false);
      for (const method of methods) this.routeSettings.throttle(`${method} ${route.path}`, route.throttle);
    }
    if (this.props.detailedMetrics) {
      for (const method of methods) this.monitoring?._monitorRoute(method, route.path);
    }
    recordAccess(created.map((r, i) => ({ route: r, key: `${methods[i]} ${route.path}` })), authorization, this.tokenAuthorizer.kind,
      () => this.machineClientsByName, (key) => this.grantees.get(key) ?? []);
    if (!authorization.isPublic && !authorization.isIam) {
      this.makeAudienceLazy();
      this.accountAuthorizerPermission();
    }

    if (this.props.corsPreflight && !authorization.isPublic && methods.includes(apigwv2.HttpMethod.ANY)) {
      this.addPreflightRoute(route.path);
    }
    return created;
  }

  private addMachineClientChecked(options: MachineClientOptions, where: string): cognito.UserPoolClient {
    validateMachineClient(where, options, this.declaredNames(), this.machineClientNames);
    if (options.claims && Object.keys(options.claims).length > 0) {
      this.tokenTrigger.addMachineClaims(`${where}.claims`, options.name, options.claims);
    }
    const client = new cognito.UserPoolClient(this, `MachineClient${alphanumeric(options.name)}`, {
      userPool: this.userPool,
      userPoolClientName: options.name,
      generateSecret: true,
      authFlows: {},
      oAuth: { flows: { clientCredentials: true }, scopes: options.scopes.map((scope) => this.apiScopes.get(scope)!) },
      // Client credentials involve no user: none of the pool's sign-in providers applies.
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: options.accessTokenValidity ?? Duration.hours(1),
    });
    this.machineClients.push({ name: options.name, scopes: [...options.scopes] });
    this.machineClientNames.add(alphanumeric(options.name));
    const secret = options.storeSecret
      ? storeMachineClientSecret(this, `MachineClient${alphanumeric(options.name)}Secret`, client, this.props.logEncryptionKey)
      : undefined;
    this.machineClientSecrets.set(options.name, secret);
    if (secret && (this.props.createOutputs ?? true)) {
      new CfnOutput(this, `MachineClient${alphanumeric(options.name)}SecretArn`, {
        value: secret.secretArn,
        description: `Secrets Manager secret with the id and secret of the machine client ${options.name}`,
      });
    }
    this.machineClientsByName.set(options.name, [...options.scopes]);
    this.userPoolClients.push(client);
    this.ensurePoolDomain();
    return client;
  }

  private storedSecret(name: string, where: string): secretsmanager.Secret {
    if (!this.machineClientSecrets.has(name)) {
      const known = [...this.machineClientSecrets.keys()];
      fail(where, `no machine client is named "${name}" (${known.length ? `machine clients: ${known.join(', ')}` : 'none added'}); `
        + 'give the name passed to addMachineClient() or machineClients.');
    }
    const secret = this.machineClientSecrets.get(name);
    if (!secret) fail(where, `the machine client "${name}" stores no secret; set storeSecret: true in its options.`);
    return secret;
  }

  /** One integration and one invoke permission per function, shared by all routes it answers. */
  private integrationFor(handler: lambda.IFunction): apigwv2.HttpRouteIntegration {
    let integration = this.integrations.get(handler);
    if (!integration) {
      const id = `Integration${this.integrations.size + 1}`;
      integration = lambdaRouteIntegration(id, handler);
      grantApiInvoke(this, `${id}Permission`, handler, this.httpApi);
      this.integrations.set(handler, integration);
      this.monitoring?._monitorFunction(handler, 'route function');
    }
    return integration;
  }

  /**
   * The stage's alarms, the Lambda authorizer's and the user client's (the one it created): the
   * route functions' follow as routes are added. Machine clients get none: the client-credentials
   * grant signs no user in, up or through a provider and issues no refresh token, which is what
   * these per-client metrics count.
   */
  private createMonitoring(props: CognitoProtectedHttpApiProps, id: string): ApiMonitoring {
    const monitoring = ApiMonitoring._create(this, 'Monitoring', props.monitoring!, {
      apiName: props.apiName ?? id,
      httpApi: this.httpApi,
      stage: this.stage,
      accessLogGroup: this.accessLogGroup,
    });
    if (this.authorizerFunction) {
      monitoring._monitorFunction(this.authorizerFunction, 'Lambda authorizer function');
    }
    if (this.tokenTrigger.fn) {
      monitoring._monitorFunction(this.tokenTrigger.fn, 'pre-token-generation trigger');
    }
    if (this.pool && !props.userPoolClients) {
      monitoring._monitorClient({
        apiName: props.apiName ?? id,
        userPool: this.pool,
        client: this.userPoolClients[0],
        selfSignUp: this.createdPool !== undefined && (props.selfSignUpEnabled ?? false),
        federation: (props.signInProviders?.length ?? 0) > 0,
      });
    }
    if (this.createdPool && hasThreatProtection(props)) {
      monitoring._monitorThreats({ apiName: props.apiName ?? id, userPool: this.createdPool });
    }
    return monitoring;
  }

  /** Claims need the Lambda authorizer; groups need a user pool or the Lambda authorizer. */
  private checkAuthorizerSupports(prop: string, authorization: RouteAuthorization): void {
    const kind = this.tokenAuthorizer.kind;
    if (authorization.claims.length > 0 && kind !== TokenAuthorizerKind.LAMBDA) {
      throw new Error(`CognitoProtectedHttpApi: ${prop}: required claims (${authorization.claims.map((c) => c.name).join(', ')}) can only be checked by the Lambda authorizer; set tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer(), or require scopes instead.`);
    }
    if (authorization.groups.length > 0 && kind === TokenAuthorizerKind.OIDC_ISSUER) {
      throw new Error(`CognitoProtectedHttpApi: ${prop}: RouteAuthorization.inGroups() needs a Cognito user pool or the Lambda authorizer; with an OIDC issuer, use TokenAuthorizer.lambdaAuthorizer({ trustUserPool: false, issuers: [...] }) or require scopes.`);
    }
  }

  /** Group routes need declared groups, the construct's own pool, and the trigger that turns groups into scopes. */
  private prepareGroupAuthorization(where: string, authorization: RouteAuthorization): void {
    if (authorization.groups.length === 0 || this.tokenAuthorizer.kind === TokenAuthorizerKind.LAMBDA) {
      return;
    }
    const prop = `${where}.authorization`;
    for (const group of authorization.groups) {
      validateRouteGroup(prop, group, [...this.groupNames]);
    }
    this.tokenTrigger.ensure(prop, false);
  }

  /** No authorizer for public routes, IAM authorization, or the API's token authorizer. */
  private routeAuthorizer(authorization: RouteAuthorization): apigwv2.IHttpRouteAuthorizer {
    if (authorization.isPublic) return new apigwv2.HttpNoneAuthorizer();
    if (authorization.isIam) return this.iamAuthorizer ??= new HttpIamAuthorizer();
    return this.authorizer;
  }

  /** `execute-api:Invoke` for `grantee` on each route's ARN (`$default` stage), remembered for the metadata and the checks. */
  private grantRoutes(grantee: iam.IGrantable, routes: readonly { method: string; path: string }[]): iam.Grant {
    for (const { method, path } of routes) {
      const key = `${method} ${path}`;
      this.grantees.set(key, [...this.grantees.get(key) ?? [], grantee]);
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: routes.map(({ method, path }) => this.httpApi.arnForExecuteApi(method, executeApiPath(path), this.stage.stageName)),
    });
  }

  /** A public `OPTIONS` route for a protected `ANY` path: browsers send preflights without a token. */
  private addPreflightRoute(path: string): void {
    if (this.routeRecords.some((r) => r.path === path && r.method === apigwv2.HttpMethod.OPTIONS)) {
      return;
    }
    if (!this.preflightIntegration) {
      const fn = new lambda.Function(this, 'PreflightFunction',
        bundledFunctionProps(this, 'PreflightFunction', 'preflight.lambda', 'cdk-cognito-protected-http-api CORS preflight (204)', this.props));
      this.preflightIntegration = lambdaRouteIntegration('PreflightIntegration', fn);
      grantApiInvoke(this, 'PreflightIntegrationPermission', fn, this.httpApi);
    }
    const preflight = this.httpApi.addRoutes({
      path,
      methods: [apigwv2.HttpMethod.OPTIONS],
      integration: this.preflightIntegration,
      authorizer: new apigwv2.HttpNoneAuthorizer(),
    });
    this.routes.push(...preflight);
    this.routeRecords.push({ method: apigwv2.HttpMethod.OPTIONS, path, authorization: RouteAuthorization.publicAccess() });
    recordAccess([{ route: preflight[0], key: `OPTIONS ${path}` }], RouteAuthorization.publicAccess(), this.tokenAuthorizer.kind,
      () => this.machineClientsByName, () => [], 'preflight');
  }

  /**
   * The authorizer's audience follows `userPoolClients`, including machine clients added after the routes.
   * `HttpUserPoolAuthorizer` creates its resource when a first protected route uses it.
   */
  private makeAudienceLazy(): void {
    if (this.audienceIsLazy || this.tokenAuthorizer.kind !== TokenAuthorizerKind.USER_POOL) {
      return;
    }
    userPoolAuthorizerResource(this.httpApi).addPropertyOverride('JwtConfiguration.Audience',
      Lazy.list({ produce: () => this.userPoolClients.map((c) => c.userPoolClientId) }));
    this.audienceIsLazy = true;
  }

  /**
   * `HttpLambdaAuthorizer` adds its invoke permission (under the API) when a first protected route
   * uses it; give it the source account too, like the routes' permissions.
   */
  private accountAuthorizerPermission(): void {
    if (this.authorizerPermissionAccounted || !this.authorizerFunction) {
      return;
    }
    lambdaAuthorizerPermission(this.httpApi).sourceAccount = Stack.of(this).account;
    this.authorizerPermissionAccounted = true;
  }

  /** The prefix or custom sign-in domain, with managed login for the user client when the hosted sign-in is on. */
  private ensurePoolDomain(): cognito.UserPoolDomain {
    this.poolDomain ??= createPoolDomain(this, this.userPool, this.props, this.props.userPoolClients ? undefined : this.userPoolClient);
    return this.poolDomain;
  }

  /** The names a route's or a machine client's must match. */
  private declaredNames(): DeclaredNames {
    return {
      identifier: this.props.resourceServerIdentifier ?? 'api',
      scopes: [...this.apiScopes.keys()],
      groups: [...this.groupNames],
      ownPool: this.createdPool !== undefined,
    };
  }

  /** Whether the pool's scopes are all the tokens can carry: not with an OIDC issuer, nor a Lambda authorizer trusting other issuers. */
  private scopesAreKnown(): boolean {
    const lambdaOptions = this.tokenAuthorizer.lambdaOptions;
    return this.pool !== undefined && (lambdaOptions?.issuers?.length ?? 0) === 0 && lambdaOptions?.trustUserPool !== false;
  }

  /** Synth-time checks of the routes against the clients, and of quotas: errors fail synth, warnings are annotations. */
  private checkAtSynth(): string[] {
    for (const warning of shadowWarnings(this.routeRecords)) {
      Annotations.of(this).addWarningV2('cdk-cognito-protected-http-api:authorization', warning);
    }
    for (const warning of ungrantedWarnings(this.routeRecords, this.grantees)) {
      Annotations.of(this).addWarningV2('cdk-cognito-protected-http-api:ungranted-iam-route', warning);
    }
    const throttling = [this.props.throttlingRateLimit ?? DEFAULT_RATE_LIMIT, this.props.throttlingBurstLimit ?? DEFAULT_BURST_LIMIT] as const;
    for (const warning of quotaWarnings(this.routes.length, ...throttling, Stack.of(this).region)) {
      Annotations.of(this).addWarningV2('cdk-cognito-protected-http-api:quota', warning);
    }
    const lambdaOptions = this.tokenAuthorizer.lambdaOptions;
    if (!this.scopesAreKnown()) {
      return []; // Tokens of other issuers: what they can carry is unknown here.
    }
    const userClientOauth = !this.props.userPoolClients && this.props.callbackUrls !== undefined;
    const obtainable = new Set<string>(this.machineClients.flatMap((client) => client.scopes));
    if (!this.props.userPoolClients) {
      obtainable.add(SIGN_IN_SCOPE);
    }
    if (userClientOauth) {
      [...OAUTH_USER_SCOPES, ...this.apiScopes.keys()].forEach((scope) => obtainable.add(scope));
    }
    const clients = {
      unknown: this.props.userPoolClients !== undefined,
      obtainable,
      userClientsOnly: this.machineClients.length === 0 && !userClientOauth,
      userClientOauth,
      machineClients: this.machineClients,
      apiScopes: new Set(this.apiScopes.keys()),
      poolAddsScopes: this.createdPool === undefined,
    };
    // The Lambda authorizer reads groups from ID tokens too: only scopes need the access token there.
    const scoped = lambdaOptions ? this.routeRecords.filter((r) => r.authorization.scopes.length > 0) : this.routeRecords;
    for (const warning of idTokenWarnings(scoped, clients)) {
      Annotations.of(this).addWarningV2('cdk-cognito-protected-http-api:authorization', warning);
    }
    return unobtainableScopeErrors(this.routeRecords, clients);
  }
}
