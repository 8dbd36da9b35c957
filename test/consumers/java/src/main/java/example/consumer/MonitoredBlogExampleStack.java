package example.consumer;

import io.github.cdkcognitoprotectedhttpapi.ApiRouteOptions;
import io.github.cdkcognitoprotectedhttpapi.CognitoProtectedHttpApi;
import io.github.cdkcognitoprotectedhttpapi.CognitoProtectedHttpApiProps;
import io.github.cdkcognitoprotectedhttpapi.MonitoringOptions;
import io.github.cdkcognitoprotectedhttpapi.RouteAuthorization;
import io.github.cdkcognitoprotectedhttpapi.WhoamiFunction;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/** The blog example with monitoring on, as a Java CDK app writes it against the published Maven artifact. */
public class MonitoredBlogExampleStack extends Stack {
    private final CognitoProtectedHttpApi api;

    public MonitoredBlogExampleStack(final Construct scope, final String id) {
        super(scope, id, null);

        WhoamiFunction handler = new WhoamiFunction(this, "ProtectedFunction");

        // Alarms go to an SNS topic encrypted with a key CloudWatch may use.
        Key key = Key.Builder.create(this, "AlarmTopicKey")
                .enableKeyRotation(true)
                .description("Encrypts the alarm topic")
                .build();
        key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        Topic topic = Topic.Builder.create(this, "AlarmTopic").masterKey(key).enforceSsl(true).build();

        this.api = new CognitoProtectedHttpApi(this, "Api", CognitoProtectedHttpApiProps.builder()
                .selfSignUpEnabled(true)
                .routes(List.of(ApiRouteOptions.builder()
                        .path("/protected")
                        .methods(List.of(HttpMethod.GET))
                        .handler(handler)
                        .build()))
                .monitoring(MonitoringOptions.builder().alarmActions(List.of(new SnsAction(topic))).build())
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
