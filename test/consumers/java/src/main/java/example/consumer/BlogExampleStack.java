package example.consumer;

import io.github.cdkcognitoprotectedhttpapi.ApiRouteOptions;
import io.github.cdkcognitoprotectedhttpapi.CognitoProtectedHttpApi;
import io.github.cdkcognitoprotectedhttpapi.CognitoProtectedHttpApiProps;
import io.github.cdkcognitoprotectedhttpapi.RouteAuthorization;
import io.github.cdkcognitoprotectedhttpapi.WhoamiFunction;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.constructs.Construct;

/** The blog example stack as a Java CDK app writes it against the published Maven artifact. */
public class BlogExampleStack extends Stack {
    private final CognitoProtectedHttpApi api;

    public BlogExampleStack(final Construct scope, final String id) {
        this(scope, id, null);
    }

    public BlogExampleStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        WhoamiFunction handler = new WhoamiFunction(this, "ProtectedFunction");

        this.api = new CognitoProtectedHttpApi(this, "Api", CognitoProtectedHttpApiProps.builder()
                .selfSignUpEnabled(true)
                .routes(List.of(ApiRouteOptions.builder()
                        .path("/protected")
                        .methods(List.of(HttpMethod.GET))
                        .handler(handler)
                        .build()))
                .build());

        this.api.addRoute(ApiRouteOptions.builder()
                .path("/health")
                .handler(handler)
                .authorization(RouteAuthorization.publicAccess())
                .build());
    }

    public CognitoProtectedHttpApi getApi() {
        return api;
    }
}
