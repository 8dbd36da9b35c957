package example.consumer;

import io.github.cdkcognitoprotectedhttpapi.ApiRouteOptions;
import io.github.cdkcognitoprotectedhttpapi.ApiScope;
import io.github.cdkcognitoprotectedhttpapi.CognitoProtectedHttpApi;
import io.github.cdkcognitoprotectedhttpapi.CognitoProtectedHttpApiProps;
import io.github.cdkcognitoprotectedhttpapi.MachineClientOptions;
import io.github.cdkcognitoprotectedhttpapi.RouteAuthorization;
import io.github.cdkcognitoprotectedhttpapi.SignedInOptions;
import io.github.cdkcognitoprotectedhttpapi.UserPoolGroupOptions;
import io.github.cdkcognitoprotectedhttpapi.WhoamiFunction;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** The authorization example (test/example/authorization-example-stack.ts) as a Java CDK app writes it against the published Maven artifact. */
public class AuthorizationExampleStack extends Stack {
    private final CognitoProtectedHttpApi api;
    private final UserPoolClient reportingClient;

    /** {@code reporterCode}: the Reporter function's code, the directory test/example/reporter. */
    public AuthorizationExampleStack(final Construct scope, final String id, final String reporterCode) {
        super(scope, id, null);

        WhoamiFunction handler = new WhoamiFunction(this, "Handler");
        LogGroup reporterLogs = LogGroup.Builder.create(this, "ReporterLogs").retention(RetentionDays.ONE_MONTH).build();
        Role reporterRole = Role.Builder.create(this, "ReporterRole").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        reporterLogs.grantWrite(reporterRole);
        Function reporter = Function.Builder.create(this, "Reporter")
                .runtime(handler.getRuntime())
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromAsset(reporterCode))
                .timeout(Duration.seconds(10))
                .role(reporterRole)
                .logGroup(reporterLogs)
                .build();

        this.api = new CognitoProtectedHttpApi(this, "Api", CognitoProtectedHttpApiProps.builder()
                .apiScopes(List.of(
                        ApiScope.builder().name("items.read").description("Read items").build(),
                        ApiScope.builder().name("items.write").description("Create and change items").build()))
                .groups(List.of(UserPoolGroupOptions.builder().name("admin").description("May delete items").build()))
                .callbackUrls(List.of("http://localhost:3000/callback"))
                .logoutUrls(List.of("http://localhost:3000/"))
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(List.of("http://localhost:3000"))
                        .allowHeaders(List.of("authorization", "content-type"))
                        .allowMethods(List.of(CorsHttpMethod.ANY))
                        .build())
                .routes(List.of(
                        ApiRouteOptions.builder().path("/health").handler(handler).authorization(RouteAuthorization.publicAccess()).build(),
                        ApiRouteOptions.builder().path("/me").handler(handler).build(),
                        ApiRouteOptions.builder().path("/items").handler(handler)
                                .authorization(RouteAuthorization.signedIn(SignedInOptions.builder().scopes(List.of("api/items.read")).build())).build(),
                        ApiRouteOptions.builder().path("/items").methods(List.of(HttpMethod.POST)).handler(handler)
                                .authorization(RouteAuthorization.signedIn(SignedInOptions.builder().scopes(List.of("api/items.write")).build())).build(),
                        ApiRouteOptions.builder().path("/items/{id}").methods(List.of(HttpMethod.DELETE)).handler(handler)
                                .authorization(RouteAuthorization.inGroups(List.of("admin"))).build(),
                        ApiRouteOptions.builder().path("/internal/report").handler(handler)
                                .authorization(RouteAuthorization.iam()).grantees(List.of(reporter)).build()))
                .build());
        reporter.addEnvironment("API_URL", this.api.getApiUrl());

        this.reportingClient = this.api.addMachineClient(MachineClientOptions.builder()
                .name("reporting")
                .scopes(List.of("api/items.read"))
                .storeSecret(true)
                .build());
    }

    public CognitoProtectedHttpApi getApi() {
        return api;
    }

    public UserPoolClient getReportingClient() {
        return reportingClient;
    }
}
