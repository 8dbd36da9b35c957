import { failingControls } from './control-tower';
import { addExampleStacks } from './example/app';

/**
 * AWS Control Tower's proactive controls (the cfn-guard rules of @cdklabs/cdk-validator-cfnguard, run
 * through the CDK's policy validation) on every stack of the example app (test/example/app.ts: the
 * stacks are enumerated from the app, not listed here, so a new example cannot be missed). The
 * controls each stack fails are listed here, per stack, with the reason; a new failure, a fixed one,
 * or a stack without an entry turns the test red.
 */
const DEFAULTS = {
  'CT.CLOUDWATCH.PR.2': 'log groups are kept one month by default; logRetention: RetentionDays.ONE_YEAR passes',
  'CT.CLOUDWATCH.PR.3': 'log groups use CloudWatch Logs\' own encryption by default; logEncryptionKey passes',
  'CT.LAMBDA.PR.3': 'functions run outside a VPC by default; vpc passes',
  'CT.LAMBDA.PR.2': 'the stack has no account, so SourceAccount is the AWS::AccountId reference, which the static rule cannot read (the permission is not public: it names this API and account); env.account passes',
};
const PUBLIC_ROUTE = { 'CT.APIGATEWAY.PR.5': 'GET /health is public by design (RouteAuthorization.publicAccess()); this control forbids public routes' };

const expected: Record<string, Record<string, string>> = {
  BlogExampleStack: { ...DEFAULTS, ...PUBLIC_ROUTE },
  // Its alarms have actions (CT.CLOUDWATCH.PR.1, PR.4) and its topic is encrypted with a rotated key.
  MonitoredBlogExampleStack: {
    ...DEFAULTS,
    ...PUBLIC_ROUTE,
    'CT.KMS.PR.3': 'the alarm topic\'s key lets the account\'s principals create grants (the default key policy); ControlTowerExampleStack denies kms:CreateGrant except for AWS resources and passes',
  },
  AuthorizationExampleStack: { ...DEFAULTS, ...PUBLIC_ROUTE },
  ExternalIssuerExampleStack: DEFAULTS,
  ControlTowerExampleStack: {},
  // The sign-in features add no failing control: the stack keeps the defaults' log and VPC ones (its account is set).
  SignInExampleStack: { 'CT.CLOUDWATCH.PR.2': DEFAULTS['CT.CLOUDWATCH.PR.2'], 'CT.CLOUDWATCH.PR.3': DEFAULTS['CT.CLOUDWATCH.PR.3'], 'CT.LAMBDA.PR.3': DEFAULTS['CT.LAMBDA.PR.3'] },
  // The table passes both DynamoDB controls and the texts' bucket every S3 one but PR.4 and PR.9 (README, Compliance).
  NotesExampleStack: {
    ...DEFAULTS,
    'CT.LAMBDA.PR.3': 'the notes handlers run outside a VPC: DynamoDB, S3 and KMS are reached on their public endpoints (in a VPC they need endpoints); vpc on the functions passes',
    'CT.S3.PR.2': 'the access-log bucket does not log its own requests (it would log its own log deliveries); the texts\' bucket logs to it',
    'CT.S3.PR.10': 'S3 delivers server access logs only to a bucket encrypted with SSE-S3, not SSE-KMS: the access-log bucket; the texts\' bucket uses the notes\' KMS key',
    'CT.S3.PR.4': 'nothing consumes the buckets\' events (the table\'s stream is the notes\' change feed); NotificationConfiguration.EventBridgeConfiguration passes',
    'CT.S3.PR.9': 'object lock keeps versions from deletion: owners edit and delete their notes, and a deleted note must go; versioning and the 30-day lifecycle keep old versions recoverable',
  },
};

/** Every stack of the example app, by the name of its template (`<artifact id>.template.json`). */
let stacks: string[] = [];
const failing = failingControls((app) => {
  stacks = addExampleStacks(app).map((stack) => stack.artifactId).sort();
});

test('every stack of the example app has its list of failing controls here, and every list names one of its stacks', () => {
  expect(Object.keys(expected).sort()).toEqual(stacks);
});

test.each(stacks)('%s fails exactly the Control Tower controls listed, for the reasons given', (stack) => {
  expect(failing[stack] ?? []).toEqual(Object.keys(expected[stack] ?? {}).sort());
});

