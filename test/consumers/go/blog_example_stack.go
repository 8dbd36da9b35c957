// Package blogconsumer is a Go CDK app that uses the Go module generated into dist/go.
package blogconsumer

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	api "github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api-go/cdkcognitoprotectedhttpapi"
)

// BlogExampleStack is the blog example stack, built with the construct.
type BlogExampleStack struct {
	awscdk.Stack
	Api api.CognitoProtectedHttpApi
}

// NewBlogExampleStack builds the stack the way test/example/blog-example-stack.ts does.
func NewBlogExampleStack(scope constructs.Construct, id string, props *awscdk.StackProps) *BlogExampleStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)

	handler := api.NewWhoamiFunction(stack, jsii.String("ProtectedFunction"), nil)

	protectedApi := api.NewCognitoProtectedHttpApi(stack, jsii.String("Api"), &api.CognitoProtectedHttpApiProps{
		SelfSignUpEnabled: jsii.Bool(true),
		Routes: &[]*api.ApiRouteOptions{
			{
				Path:    jsii.String("/protected"),
				Methods: &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_GET},
				Handler: handler,
			},
		},
	})

	protectedApi.AddRoute(&api.ApiRouteOptions{
		Path:          jsii.String("/health"),
		Handler:       handler,
		Authorization: api.RouteAuthorization_PublicAccess(),
	})

	return &BlogExampleStack{Stack: stack, Api: protectedApi}
}
