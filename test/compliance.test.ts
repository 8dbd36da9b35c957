import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack } from 'aws-cdk-lib';
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

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
const app = new App({
  outdir,
  analyticsReporting: false,
  policyValidationBeta1: [new CfnGuardValidator({ controlTowerRulesEnabled: true })],
  context: { '@aws-cdk/core:validationReportJson': true },
});
addExampleStacks(app);
/** Every stack the example app synthesizes, by the name of its template (`<artifact id>.template.json`). */
const stacks = app.node.findAll().filter(Stack.isStack).map((stack) => stack.artifactId).sort();

/**
 * Failing control ids per stack. aws-cdk-lib up to ~2.2xx writes the JSON report and sets the exit
 * code; newer releases throw a ValidationFailed error listing the same violations: read either.
 */
function failingControls(): Record<string, string[]> {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const exitCode = process.exitCode;
  let thrown = '';
  try {
    app.synth();
  } catch (error) {
    thrown = String((error as Error).message);
    if (!thrown.includes('[CT.')) throw error;
  } finally {
    // Jest must not inherit the exit code a failed validation sets (a CLI's `cdk synth` then fails).
    process.exitCode = exitCode;
    log.mockRestore();
  }
  const failing: Record<string, Set<string>> = Object.fromEntries(stacks.map((stack) => [stack, new Set<string>()]));
  const reportFile = path.join(outdir, 'policy-validation-report.json');
  if (fs.existsSync(reportFile)) {
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
    for (const plugin of report.pluginReports) {
      for (const violation of plugin.violations) {
        const control = /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(violation.description)?.[1] ?? violation.ruleName;
        for (const resource of violation.violatingResources) {
          failing[path.basename(resource.templatePath, '.template.json')].add(control);
        }
      }
    }
  }
  // "ERROR [CT.X.PR.N]: …" then the violating construct's path, which starts with the stack's id.
  for (const [, control, stack] of thrown.matchAll(/\[(CT\.[A-Z0-9]+\.PR\.\d+)\][^\n]*\n\s+([A-Za-z0-9-]+)\//g)) {
    failing[stack]?.add(control);
  }
  return Object.fromEntries(Object.entries(failing).map(([stack, controls]) => [stack, [...controls].sort()]));
}

const failing = failingControls();

test('every stack of the example app has its list of failing controls here, and every list names one of its stacks', () => {
  expect(Object.keys(expected).sort()).toEqual(stacks);
});

test.each(stacks)('%s fails exactly the Control Tower controls listed, for the reasons given', (stack) => {
  expect(failing[stack]).toEqual(Object.keys(expected[stack] ?? {}).sort());
});

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
