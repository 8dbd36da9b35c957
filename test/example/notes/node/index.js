'use strict';
// The notes API's Node.js handler: POST /notes and GET /notes/{id}. The AWS SDK v3 is not bundled:
// Lambda's Node.js runtime provides it (and so does the local runner).
const { randomUUID } = require('crypto');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand, PutCommand } = require('@aws-sdk/lib-dynamodb');
const { GetObjectCommand, PutObjectCommand, S3Client } = require('@aws-sdk/client-s3');

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});
const json = (statusCode, body) => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

exports.handler = async (event) => {
  const owner = event.requestContext.authorizer.jwt.claims.sub;
  if (event.routeKey === 'POST /notes') {
    const { title, text } = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body || '{}');
    if (typeof title !== 'string' || typeof text !== 'string') return json(400, { message: 'title and text are required' });
    const id = randomUUID();
    await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: `${owner}/${id}.txt`, Body: text, ContentType: 'text/plain' }));
    await documents.send(new PutCommand({ TableName: process.env.TABLE, Item: { owner, id, title, createdAt: new Date().toISOString() } }));
    return json(201, { id, title });
  }
  const id = event.pathParameters.id;
  const { Item } = await documents.send(new GetCommand({ TableName: process.env.TABLE, Key: { owner, id } }));
  if (!Item) return json(404, { message: 'no such note' });
  const object = await s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: `${owner}/${id}.txt` }));
  return json(200, { id, title: Item.title, text: await object.Body.transformToString() });
};
