"""boto3 against the local runner, as a Python app's script or test does: the endpoints file names the
runner's Cognito endpoint, its message box and the stack's outputs. Each step is what Cognito answers
(the Cognito API reference's errors): a wrong confirmation code, a wrong password, an unknown user and a
revoked refresh token fail as on AWS; the sent code, the password and the ID token work.

Usage: python boto3_local_flow.py <local-endpoints.json>   (exit 0 when every step holds)
"""
import json
import re
import sys
import urllib.request
import uuid

import boto3
from botocore.exceptions import ClientError

endpoints = json.load(open(sys.argv[1]))
outputs = endpoints["stacks"][0]["outputs"]


def output(name: str) -> str:
    return next(value for key, value in outputs.items() if re.search(f"{name}[0-9A-F]{{8}}$", key))


cognito = boto3.client(
    "cognito-idp", endpoint_url=endpoints["cognitoEndpoint"], region_name=output("Region"),
    aws_access_key_id="local", aws_secret_access_key="local",
)
client_id = output("UserPoolClientId")
email = f"boto3-{uuid.uuid4().hex[:8]}@example.com"
password = "Boto3-Passw0rd"
failures = 0


def step(title: str, ok: bool, detail: str = "") -> None:
    global failures
    failures += 0 if ok else 1
    print(f"  {'✔' if ok else '✘'} boto3: {title}{f' ({detail})' if detail else ''}")


def error_code(call, **kwargs) -> str:
    try:
        call(**kwargs)
        return "ok"
    except ClientError as error:
        return error.response["Error"]["Code"]


def password_auth(username: str, secret: str):
    return dict(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": username, "PASSWORD": secret})


signed_up = cognito.sign_up(ClientId=client_id, Username=email, Password=password, UserAttributes=[{"Name": "email", "Value": email}])
step("sign_up sends a code", signed_up.get("CodeDeliveryDetails", {}).get("DeliveryMedium") == "EMAIL", str(signed_up.get("CodeDeliveryDetails")))
with urllib.request.urlopen(f"{endpoints['messages']}?kind=sign-up&username={email}") as answer:
    code = json.load(answer)["messages"][-1]["code"]
wrong = "000000" if code != "000000" else "111111"
step("confirm_sign_up with a wrong code → CodeMismatchException",
     error_code(cognito.confirm_sign_up, ClientId=client_id, Username=email, ConfirmationCode=wrong) == "CodeMismatchException")
step("confirm_sign_up with the code from the message box", error_code(cognito.confirm_sign_up, ClientId=client_id, Username=email, ConfirmationCode=code) == "ok")
step("initiate_auth with a wrong password → NotAuthorizedException",
     error_code(cognito.initiate_auth, **password_auth(email, "Wrong-Passw0rd")) == "NotAuthorizedException")
step("initiate_auth for an unknown user → NotAuthorizedException (PreventUserExistenceErrors)",
     error_code(cognito.initiate_auth, **password_auth(f"nobody-{email}", password)) == "NotAuthorizedException")
tokens = cognito.initiate_auth(**password_auth(email, password))["AuthenticationResult"]
request = urllib.request.Request(f"{output('ApiUrl')}protected", headers={"Authorization": tokens["IdToken"]})
with urllib.request.urlopen(request) as answer:
    step("GET /protected with the ID token → 200", answer.status == 200)
cognito.revoke_token(ClientId=client_id, Token=tokens["RefreshToken"])
step("the refresh token after revoke_token → NotAuthorizedException", error_code(
    cognito.initiate_auth, ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
) == "NotAuthorizedException")
sys.exit(1 if failures else 0)
