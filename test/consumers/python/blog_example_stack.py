"""The blog example stack as a Python CDK app writes it against the published wheel."""
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from constructs import Construct

from cdk_cognito_protected_http_api import (
    ApiRouteOptions,
    CognitoProtectedHttpApi,
    RouteAuthorization,
    WhoamiFunction,
)


class BlogExampleStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)

        handler = WhoamiFunction(self, "ProtectedFunction")

        self.api = CognitoProtectedHttpApi(
            self,
            "Api",
            self_sign_up_enabled=True,
            routes=[
                ApiRouteOptions(path="/protected", methods=[apigwv2.HttpMethod.GET], handler=handler),
            ],
        )

        self.api.add_route(
            path="/health",
            handler=handler,
            authorization=RouteAuthorization.public_access(),
        )
