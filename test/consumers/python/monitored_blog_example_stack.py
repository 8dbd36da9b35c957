"""The blog example with monitoring on, as a Python CDK app writes it against the published wheel."""
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct

from cdk_cognito_protected_http_api import (
    ApiRouteOptions,
    CognitoProtectedHttpApi,
    MonitoringOptions,
    RouteAuthorization,
    WhoamiFunction,
)


class MonitoredBlogExampleStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)

        handler = WhoamiFunction(self, "ProtectedFunction")

        # Alarms go to an SNS topic encrypted with a key CloudWatch may use.
        key = kms.Key(self, "AlarmTopicKey", enable_key_rotation=True, description="Encrypts the alarm topic")
        key.grant(iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*")
        topic = sns.Topic(self, "AlarmTopic", master_key=key, enforce_ssl=True)

        self.api = CognitoProtectedHttpApi(
            self,
            "Api",
            self_sign_up_enabled=True,
            routes=[
                ApiRouteOptions(path="/protected", methods=[apigwv2.HttpMethod.GET], handler=handler),
            ],
            monitoring=MonitoringOptions(alarm_actions=[cw_actions.SnsAction(topic)]),
        )

        self.api.add_route(
            path="/health",
            handler=handler,
            authorization=RouteAuthorization.public_access(),
        )
