"""pytest: the blog stack as a user tests it, on the local runner (conftest.py's local_app) with boto3."""
import json
import urllib.error
import urllib.request
import uuid

import boto3


def sign_in(local_app, email, password="Local-Passw0rd"):
    """Creates a confirmed user in the first stack's first user pool and signs it in: its tokens."""
    stack = local_app["stacks"][0]
    pool = stack["userPools"][0]
    cognito = boto3.client("cognito-idp", endpoint_url=local_app["cognitoEndpoint"], region_name=stack["region"],
                           aws_access_key_id="local", aws_secret_access_key="local")
    cognito.admin_create_user(UserPoolId=pool["userPoolId"], Username=email, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}])
    cognito.admin_set_user_password(UserPoolId=pool["userPoolId"], Username=email, Password=password, Permanent=True)
    return cognito.initiate_auth(ClientId=pool["clients"][0]["clientId"], AuthFlow="USER_PASSWORD_AUTH",
                                 AuthParameters={"USERNAME": email, "PASSWORD": password})["AuthenticationResult"]


def get(local_app, path, token=None):
    """GET the first API's path, with the token as Authorization if given: (status, parsed body)."""
    url = local_app["stacks"][0]["apis"][0]["url"].rstrip("/") + path
    request = urllib.request.Request(url, headers={"Authorization": token} if token else {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_health_is_public(local_app):
    status, body = get(local_app, "/health")
    assert (status, body["message"]) == (200, "Hello, anonymous caller")


def test_protected_needs_a_token(local_app):
    assert get(local_app, "/protected") == (401, {"message": "Unauthorized"})


def test_protected_answers_the_signed_in_user(local_app):
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    status, body = get(local_app, "/protected", sign_in(local_app, email)["IdToken"])
    assert (status, body["tokenUse"], body["claims"]["email"]) == (200, "id", email)
