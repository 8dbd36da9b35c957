"""The notes API's Python handler: GET /notes, PUT /notes/{id}, DELETE /notes/{id}.

boto3 is not bundled: Lambda's Python runtime provides it (and so does the local runner).
"""
import base64
import json
import os

import boto3
from boto3.dynamodb.conditions import Key

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
s3 = boto3.client("s3")


def answer(status, body=None):
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": "" if body is None else json.dumps(body)}


def handler(event, context):
    owner = event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"]
    route = event["routeKey"]
    if route == "GET /notes":
        items = table.query(KeyConditionExpression=Key("owner").eq(owner))["Items"]
        return answer(200, {"notes": sorted(({"id": item["id"], "title": item["title"]} for item in items), key=lambda note: note["title"])})
    note_id = event["pathParameters"]["id"]
    if "Item" not in table.get_item(Key={"owner": owner, "id": note_id}):
        return answer(404, {"message": "no such note"})
    key = f"{owner}/{note_id}.txt"
    if route == "DELETE /notes/{id}":
        table.delete_item(Key={"owner": owner, "id": note_id})
        s3.delete_object(Bucket=os.environ["BUCKET"], Key=key)
        return answer(204)
    body = event.get("body") or "{}"
    change = json.loads(base64.b64decode(body) if event.get("isBase64Encoded") else body)
    table.update_item(
        Key={"owner": owner, "id": note_id},
        UpdateExpression="SET title = :title",
        ExpressionAttributeValues={":title": change["title"]},
    )
    s3.put_object(Bucket=os.environ["BUCKET"], Key=key, Body=change["text"].encode("utf-8"))
    return answer(200, {"id": note_id, "title": change["title"], "server": context.function_name})
