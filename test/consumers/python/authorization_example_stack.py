"""The authorization example (test/example/authorization-example-stack.ts) as a Python CDK app writes it against the published wheel."""
from typing import Any

from aws_cdk import Duration, Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from cdk_cognito_protected_http_api import (
    ApiRouteOptions,
    ApiScope,
    CognitoProtectedHttpApi,
    RouteAuthorization,
    UserPoolGroupOptions,
    WhoamiFunction,
)


class AuthorizationExampleStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, reporter_code: str, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)

        handler = WhoamiFunction(self, "Handler")
        reporter_logs = logs.LogGroup(self, "ReporterLogs", retention=logs.RetentionDays.ONE_MONTH)
        reporter_role = iam.Role(self, "ReporterRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        reporter_logs.grant_write(reporter_role)
        reporter = lambda_.Function(
            self,
            "Reporter",
            runtime=handler.runtime,
            architecture=lambda_.Architecture.ARM_64,
            handler="index.handler",
            code=lambda_.Code.from_asset(reporter_code),
            timeout=Duration.seconds(10),
            role=reporter_role,
            log_group=reporter_logs,
        )

        self.api = CognitoProtectedHttpApi(
            self,
            "Api",
            api_scopes=[
                ApiScope(name="items.read", description="Read items"),
                ApiScope(name="items.write", description="Create and change items"),
            ],
            groups=[UserPoolGroupOptions(name="admin", description="May delete items")],
            callback_urls=["http://localhost:3000/callback"],
            logout_urls=["http://localhost:3000/"],
            cors_preflight=apigwv2.CorsPreflightOptions(
                allow_origins=["http://localhost:3000"],
                allow_headers=["authorization", "content-type"],
                allow_methods=[apigwv2.CorsHttpMethod.ANY],
            ),
            routes=[
                ApiRouteOptions(path="/health", handler=handler, authorization=RouteAuthorization.public_access()),
                ApiRouteOptions(path="/me", handler=handler),
                ApiRouteOptions(
                    path="/items", handler=handler,
                    authorization=RouteAuthorization.signed_in(scopes=["api/items.read"]),
                ),
                ApiRouteOptions(
                    path="/items", methods=[apigwv2.HttpMethod.POST], handler=handler,
                    authorization=RouteAuthorization.signed_in(scopes=["api/items.write"]),
                ),
                ApiRouteOptions(
                    path="/items/{id}", methods=[apigwv2.HttpMethod.DELETE], handler=handler,
                    authorization=RouteAuthorization.in_groups(["admin"]),
                ),
                ApiRouteOptions(
                    path="/internal/report", handler=handler,
                    authorization=RouteAuthorization.iam(), grantees=[reporter],
                ),
            ],
        )
        reporter.add_environment("API_URL", self.api.api_url)

        self.reporting_client = self.api.add_machine_client(name="reporting", scopes=["api/items.read"], store_secret=True)
