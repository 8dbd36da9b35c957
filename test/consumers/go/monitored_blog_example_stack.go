package blogconsumer

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	api "github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api-go/cdkcognitoprotectedhttpapi"
)

// NewMonitoredBlogExampleStack builds the blog example with monitoring on, the way
// test/example/blog-example-stack.ts does with `monitored: true`.
func NewMonitoredBlogExampleStack(scope constructs.Construct, id string) *BlogExampleStack {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)

	handler := api.NewWhoamiFunction(stack, jsii.String("ProtectedFunction"), nil)

	// Alarms go to an SNS topic encrypted with a key CloudWatch may use.
	key := awskms.NewKey(stack, jsii.String("AlarmTopicKey"), &awskms.KeyProps{
		EnableKeyRotation: jsii.Bool(true),
		Description:       jsii.String("Encrypts the alarm topic"),
	})
	key.Grant(awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil), jsii.String("kms:Decrypt"), jsii.String("kms:GenerateDataKey*"))
	topic := awssns.NewTopic(stack, jsii.String("AlarmTopic"), &awssns.TopicProps{MasterKey: key, EnforceSSL: jsii.Bool(true)})

	protectedApi := api.NewCognitoProtectedHttpApi(stack, jsii.String("Api"), &api.CognitoProtectedHttpApiProps{
		SelfSignUpEnabled: jsii.Bool(true),
		Routes: &[]*api.ApiRouteOptions{
			{
				Path:    jsii.String("/protected"),
				Methods: &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_GET},
				Handler: handler,
			},
		},
		Monitoring: &api.MonitoringOptions{
			AlarmActions: &[]awscloudwatch.IAlarmAction{awscloudwatchactions.NewSnsAction(topic)},
		},
	})

	protectedApi.AddRoute(&api.ApiRouteOptions{
		Path:          jsii.String("/health"),
		Handler:       handler,
		Authorization: api.RouteAuthorization_PublicAccess(),
	})

	return &BlogExampleStack{Stack: stack, Api: protectedApi}
}
