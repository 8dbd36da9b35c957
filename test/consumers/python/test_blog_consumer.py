"""pytest: synthesize the blog stack (the monitored one, the authorization example) from the wheel and compare each with the TypeScript example's template."""
import json
import os
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cognito as cognito

from authorization_example_stack import AuthorizationExampleStack
from blog_example_stack import BlogExampleStack
from monitored_blog_example_stack import MonitoredBlogExampleStack
from template_diff import format_diff, template_diff


def test_wheel_synthesizes_the_same_template_as_the_typescript_example(tmp_path: Path) -> None:
    reference = os.environ.get("REFERENCE_TEMPLATE")
    assert reference, "REFERENCE_TEMPLATE must name the example template (cdk.out/BlogExampleStack.template.json)"

    # Same App settings as test/example/app.ts; the context is what `cdk synth` passes to the app.
    # CONSUMER_OUTDIR keeps the cloud assembly for the local runner (test/consumers/run.sh).
    outdir = Path(os.environ.get("CONSUMER_OUTDIR") or tmp_path)
    app = cdk.App(
        outdir=str(outdir),
        analytics_reporting=False,
        context={"aws:cdk:enable-path-metadata": True, "aws:cdk:enable-asset-metadata": True},
    )
    stack = BlogExampleStack(app, "BlogExampleStack")

    # Escape hatches: the L2s behind the construct are reachable and typed.
    assert len(stack.api.routes) == 2
    assert all(isinstance(route, apigwv2.HttpRoute) for route in stack.api.routes)
    assert stack.api.user_pool.node.path == "BlogExampleStack/Api/UserPool"
    assert cdk.Token.is_unresolved(stack.api.api_url)

    app.synth()
    actual = json.loads((outdir / "BlogExampleStack.template.json").read_text())
    expected = json.loads(Path(reference).read_text())
    lines = template_diff(expected, actual)
    assert not lines, format_diff("Python (wheel)", lines)


def test_wheel_synthesizes_the_monitored_example_as_the_typescript_example(tmp_path: Path) -> None:
    reference = os.environ.get("REFERENCE_TEMPLATE")
    assert reference, "REFERENCE_TEMPLATE must name the example template (cdk.out/BlogExampleStack.template.json)"
    app = cdk.App(
        outdir=str(tmp_path),
        analytics_reporting=False,
        context={"aws:cdk:enable-path-metadata": True, "aws:cdk:enable-asset-metadata": True},
    )
    stack = MonitoredBlogExampleStack(app, "MonitoredBlogExampleStack")
    assert stack.api.monitoring is not None
    assert len(stack.api.monitoring.alarms) == 9

    app.synth()
    actual = json.loads((tmp_path / "MonitoredBlogExampleStack.template.json").read_text())
    # The example app's templates are side by side in its cloud assembly.
    expected = json.loads((Path(reference).parent / "MonitoredBlogExampleStack.template.json").read_text())
    lines = template_diff(expected, actual)
    assert not lines, format_diff("Python (wheel), MonitoredBlogExampleStack", lines)


def test_wheel_synthesizes_the_authorization_example_as_the_typescript_example(tmp_path: Path) -> None:
    reference = os.environ.get("REFERENCE_TEMPLATE")
    reporter_code = os.environ.get("REPORTER_CODE")
    assert reference and reporter_code, "REFERENCE_TEMPLATE and REPORTER_CODE must be set (test/consumers/run.sh)"
    app = cdk.App(
        outdir=str(tmp_path),
        analytics_reporting=False,
        context={"aws:cdk:enable-path-metadata": True, "aws:cdk:enable-asset-metadata": True},
    )
    stack = AuthorizationExampleStack(app, "AuthorizationExampleStack", reporter_code=reporter_code)
    assert len(stack.api.routes) == 6
    assert isinstance(stack.reporting_client, cognito.UserPoolClient)

    app.synth()
    actual = json.loads((tmp_path / "AuthorizationExampleStack.template.json").read_text())
    expected = json.loads((Path(reference).parent / "AuthorizationExampleStack.template.json").read_text())
    lines = template_diff(expected, actual)
    assert not lines, format_diff("Python (wheel), AuthorizationExampleStack", lines)
