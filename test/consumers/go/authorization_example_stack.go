package blogconsumer

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	api "github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api-go/cdkcognitoprotectedhttpapi"
)

// AuthorizationExampleStack is the authorization example stack, built with the construct.
type AuthorizationExampleStack struct {
	awscdk.Stack
	Api             api.CognitoProtectedHttpApi
	ReportingClient awscognito.UserPoolClient
}

// NewAuthorizationExampleStack builds the stack the way test/example/authorization-example-stack.ts
// does; reporterCode is the Reporter function's code, the directory test/example/reporter.
func NewAuthorizationExampleStack(scope constructs.Construct, id string, reporterCode string) *AuthorizationExampleStack {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)

	handler := api.NewWhoamiFunction(stack, jsii.String("Handler"), nil)
	reporterLogs := awslogs.NewLogGroup(stack, jsii.String("ReporterLogs"), &awslogs.LogGroupProps{Retention: awslogs.RetentionDays_ONE_MONTH})
	reporterRole := awsiam.NewRole(stack, jsii.String("ReporterRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	reporterLogs.GrantWrite(reporterRole)
	reporter := awslambda.NewFunction(stack, jsii.String("Reporter"), &awslambda.FunctionProps{
		Runtime:      handler.Runtime(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("index.handler"),
		Code:         awslambda.Code_FromAsset(jsii.String(reporterCode), nil),
		Timeout:      awscdk.Duration_Seconds(jsii.Number(10)),
		Role:         reporterRole,
		LogGroup:     reporterLogs,
	})

	protectedApi := api.NewCognitoProtectedHttpApi(stack, jsii.String("Api"), &api.CognitoProtectedHttpApiProps{
		ApiScopes: &[]*api.ApiScope{
			{Name: jsii.String("items.read"), Description: jsii.String("Read items")},
			{Name: jsii.String("items.write"), Description: jsii.String("Create and change items")},
		},
		Groups:       &[]*api.UserPoolGroupOptions{{Name: jsii.String("admin"), Description: jsii.String("May delete items")}},
		CallbackUrls: jsii.Strings("http://localhost:3000/callback"),
		LogoutUrls:   jsii.Strings("http://localhost:3000/"),
		CorsPreflight: &awsapigatewayv2.CorsPreflightOptions{
			AllowOrigins: jsii.Strings("http://localhost:3000"),
			AllowHeaders: jsii.Strings("authorization", "content-type"),
			AllowMethods: &[]awsapigatewayv2.CorsHttpMethod{awsapigatewayv2.CorsHttpMethod_ANY},
		},
		Routes: &[]*api.ApiRouteOptions{
			{Path: jsii.String("/health"), Handler: handler, Authorization: api.RouteAuthorization_PublicAccess()},
			{Path: jsii.String("/me"), Handler: handler},
			{
				Path: jsii.String("/items"), Handler: handler,
				Authorization: api.RouteAuthorization_SignedIn(&api.SignedInOptions{Scopes: jsii.Strings("api/items.read")}),
			},
			{
				Path: jsii.String("/items"), Methods: &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_POST}, Handler: handler,
				Authorization: api.RouteAuthorization_SignedIn(&api.SignedInOptions{Scopes: jsii.Strings("api/items.write")}),
			},
			{
				Path: jsii.String("/items/{id}"), Methods: &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_DELETE}, Handler: handler,
				Authorization: api.RouteAuthorization_InGroups(jsii.Strings("admin")),
			},
			{
				Path: jsii.String("/internal/report"), Handler: handler,
				Authorization: api.RouteAuthorization_Iam(), Grantees: &[]awsiam.IGrantable{reporter},
			},
		},
	})
	reporter.AddEnvironment(jsii.String("API_URL"), protectedApi.ApiUrl(), nil)

	client := protectedApi.AddMachineClient(&api.MachineClientOptions{
		Name:        jsii.String("reporting"),
		Scopes:      jsii.Strings("api/items.read"),
		StoreSecret: jsii.Bool(true),
	})

	return &AuthorizationExampleStack{Stack: stack, Api: protectedApi, ReportingClient: client}
}
