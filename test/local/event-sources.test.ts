import { Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function as LambdaFunction, Runtime, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { AwsClient } from '../../src/local/aws-resources/aws-client';

/**
 * Event sources that target a function run locally, with Lambda's batch shapes:
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (SQS), with-ddb.html (DynamoDB streams),
 * with-s3.html (S3 notifications), with-sns.html (SNS).
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

let local: TestRunner;
let client: AwsClient;
beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'EventsStack');
    const fn = new LambdaFunction(stack, 'Consumer', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline("exports.handler = async (event) => { console.log('EVENT ' + JSON.stringify(event)); return {}; };"),
    });
    fn.addEventSource(new SqsEventSource(new Queue(stack, 'Jobs'), { batchSize: 5 }));
    const table = new Table(stack, 'Items', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType.NEW_IMAGE,
    });
    fn.addEventSource(new DynamoEventSource(table, { startingPosition: StartingPosition.LATEST }));
    new Bucket(stack, 'Uploads').addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix: 'in/' });
    new Topic(stack, 'Alerts').addSubscription(new LambdaSubscription(fn));
  }));
  client = new AwsClient(local.runner.awsEndpoint, local.runner.stack('EventsStack').region);
});
afterAll(() => local?.runner.stop());

async function eventFrom(source: string, check: (record: any) => boolean = () => true): Promise<any> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const line of local.output) {
      const match = /EVENT (\{.*\})$/.exec(line);
      const event = match && JSON.parse(match[1]);
      const record = event?.Records?.[0];
      if (record && (record.eventSource ?? record.EventSource) === source && check(record)) return event;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no ${source} event; output:\n${local.output.join('\n')}`);
}

test('an SQS message invokes the function with an SQS batch (and is deleted after success)', async () => {
  const { QueueUrls } = await client.json('sqs', 'AmazonSQS', 'ListQueues', { QueueNamePrefix: 'EventsStack' }, '1.0');
  const queueUrl = QueueUrls.find((url: string) => url.includes('Jobs'));
  await client.json('sqs', 'AmazonSQS', 'SendMessage', { QueueUrl: queueUrl, MessageBody: 'job-1' }, '1.0');
  const event = await eventFrom('aws:sqs', (record) => record.body === 'job-1');
  expect(Object.keys(event.Records[0]).sort()).toEqual(
    ['attributes', 'awsRegion', 'body', 'eventSource', 'eventSourceARN', 'md5OfBody', 'messageAttributes', 'messageId', 'receiptHandle'],
  );
  expect(event.Records[0].eventSourceARN).toMatch(/^arn:aws:sqs:us-east-1:\d{12}:EventsStack-Jobs/);
});

test('a DynamoDB write invokes the stream\'s function with INSERT and the new image', async () => {
  const { TableNames } = await client.json('dynamodb', 'DynamoDB_20120810', 'ListTables', {}, '1.0');
  const tableName = TableNames.find((name: string) => name.includes('Items'));
  await client.json('dynamodb', 'DynamoDB_20120810', 'PutItem', { TableName: tableName, Item: { pk: { S: 'item-1' } } }, '1.0');
  const event = await eventFrom('aws:dynamodb', (record) => record.dynamodb?.Keys?.pk?.S === 'item-1');
  expect(event.Records[0].eventName).toBe('INSERT');
  expect(event.Records[0].dynamodb.NewImage).toEqual({ pk: { S: 'item-1' } });
  expect(event.Records[0].eventSourceARN).toContain('/stream/');
});

test('an object created under the filtered prefix invokes the function with an S3 event', async () => {
  const { text } = await client.s3('GET', '/');
  const bucketName = /<Name>(eventsstack-uploads[^<]*)<\/Name>/.exec(text)![1];
  await client.s3('PUT', `/${bucketName}/in/photo.jpg`, 'bytes');
  const event = await eventFrom('aws:s3', (record) => record.s3?.object?.key === 'in/photo.jpg');
  expect(event.Records[0].eventName).toMatch(/^ObjectCreated:/);
  expect(event.Records[0].s3.bucket.name).toBe(bucketName);
  expect(event.Records[0].s3.object.size).toBe(5);
});

test('a message published to the topic invokes the subscribed function with an SNS event', async () => {
  const xml = await client.query('sns', 'ListTopics', {}, '2010-03-31');
  const topicArn = /<TopicArn>([^<]*Alerts[^<]*)<\/TopicArn>/.exec(xml)![1];
  await client.query('sns', 'Publish', { TopicArn: topicArn, Message: 'disk full', Subject: 'alert' }, '2010-03-31');
  const event = await eventFrom('aws:sns', (record) => record.Sns?.Message === 'disk full');
  expect(event.Records[0].Sns).toMatchObject({ Type: 'Notification', TopicArn: topicArn, Subject: 'alert' });
});
