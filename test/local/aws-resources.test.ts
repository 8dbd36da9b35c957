import { CfnResource, Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoProtectedHttpApi, RouteAuthorization } from '../../src';
import { AwsClient } from '../../src/local/aws-resources/aws-client';

/**
 * The template's queues, topics, parameters, secrets and keys are created in moto as the template
 * asks, and a function's environment refers to them by the names and ARNs moto has.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

let local: TestRunner;
let client: AwsClient;
let env: Record<string, string>;
beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'ResourcesStack');
    const key = new Key(stack, 'Key');
    const dlq = new Queue(stack, 'Dead', { fifo: true });
    const queue = new Queue(stack, 'Orders', { fifo: true, contentBasedDeduplication: true, deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
    const topic = new Topic(stack, 'Events');
    const fanout = new Queue(stack, 'Fanout');
    topic.addSubscription(new SqsSubscription(fanout, { rawMessageDelivery: true }));
    const parameter = new StringParameter(stack, 'Mode', { stringValue: 'blue' });
    const secret = new Secret(stack, 'Db', {
      encryptionKey: key,
      generateSecretString: { secretStringTemplate: JSON.stringify({ username: 'app' }), generateStringKey: 'password', passwordLength: 24, excludePunctuation: true },
    });
    const fn = new LambdaFunction(stack, 'Env', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: JSON.stringify(process.env) });'),
      environment: {
        QUEUE_URL: queue.queueUrl,
        QUEUE_ARN: queue.queueArn,
        TOPIC: topic.topicArn,
        PARAMETER: parameter.parameterName,
        SECRET: secret.secretArn,
        KEY: key.keyArn,
      },
    });
    new CfnResource(stack, 'Bus', { type: 'AWS::Events::EventBus', properties: { Name: 'orders' } });
    new CognitoProtectedHttpApi(stack, 'Api', { routes: [{ path: '/env', methods: [HttpMethod.GET], handler: fn, authorization: RouteAuthorization.publicAccess() }] });
  }));
  const stack = local.runner.stack('ResourcesStack');
  client = new AwsClient(local.runner.awsEndpoint, stack.region);
  env = await (await fetch(`${stack.apis[0].url}env`)).json() as Record<string, string>;
});
afterAll(() => local?.runner.stop());

const sqs = (action: string, body: unknown) => client.json('sqs', 'AmazonSQS', action, body, '1.0');

test('the handler gets the endpoint, its execution role\'s local session, region and Lambda\'s variables', () => {
  expect(env).toMatchObject({
    AWS_ENDPOINT_URL: local.runner.awsEndpoint,
    AWS_ACCESS_KEY_ID: expect.stringMatching(/^ASIA[0-9A-Z]{16}$/),
    AWS_SECRET_ACCESS_KEY: expect.stringMatching(/^\S{40}$/),
    AWS_SESSION_TOKEN: expect.stringMatching(/^local-/),
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
  });
  expect(env.AWS_LAMBDA_LOG_GROUP_NAME).toBe(`/aws/lambda/${env.AWS_LAMBDA_FUNCTION_NAME}`);
});

test('the FIFO queue exists under the URL in the environment, with its dead-letter redrive', async () => {
  const { Attributes } = await sqs('GetQueueAttributes', { QueueUrl: env.QUEUE_URL, AttributeNames: ['All'] });
  expect(Attributes.QueueArn).toBe(env.QUEUE_ARN);
  expect(Attributes.FifoQueue).toBe('true');
  expect(Attributes.ContentBasedDeduplication).toBe('true');
  const redrive = JSON.parse(Attributes.RedrivePolicy);
  expect(redrive).toMatchObject({ maxReceiveCount: 3 });
  expect(redrive.deadLetterTargetArn).toMatch(/^arn:aws:sqs:us-east-1:\d{12}:ResourcesStack-Dead.*\.fifo$/);
});

test('a message published to the topic reaches the subscribed queue (raw delivery)', async () => {
  await client.query('sns', 'Publish', { TopicArn: env.TOPIC, Message: 'hello' }, '2010-03-31');
  const { QueueUrls } = await sqs('ListQueues', { QueueNamePrefix: 'ResourcesStack-Fanout' });
  const { Messages } = await sqs('ReceiveMessage', { QueueUrl: QueueUrls[0], WaitTimeSeconds: 1 });
  expect(Messages.map((message: any) => message.Body)).toEqual(['hello']);
});

test('the parameter has its value; the secret was generated as the template asks, under the key', async () => {
  const { Parameter } = await client.json('ssm', 'AmazonSSM', 'GetParameter', { Name: env.PARAMETER });
  expect(Parameter.Value).toBe('blue');
  const { SecretString, ARN } = await client.json('secretsmanager', 'secretsmanager', 'GetSecretValue', { SecretId: env.SECRET });
  expect(ARN).toBe(env.SECRET);
  const value = JSON.parse(SecretString);
  expect(value.username).toBe('app');
  expect(value.password).toMatch(/^[A-Za-z0-9]{24}$/);
  const { KeyMetadata } = await client.json('kms', 'TrentService', 'DescribeKey', { KeyId: env.KEY });
  expect(KeyMetadata.Arn).toBe(env.KEY);
  const { KmsKeyId } = await client.json('secretsmanager', 'secretsmanager', 'DescribeSecret', { SecretId: env.SECRET });
  expect([KeyMetadata.Arn, KeyMetadata.KeyId]).toContain(KmsKeyId);
});

test('the start-up notes name each resource type the runner does not create, and say IAM is not enforced', () => {
  const warnings = local.runner.stack('ResourcesStack').warnings;
  expect(warnings.filter((warning) => warning.startsWith('not emulated: '))).toEqual(['not emulated: AWS::Events::EventBus (Bus)']);
  expect(warnings).toContainEqual(expect.stringMatching(/^IAM is not enforced locally: \d+ role\/policy resource\(s\) are ignored/));
});
