import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App } from 'aws-cdk-lib';
import { AuthorizationExampleStack } from './example/authorization-example-stack';
import { BlogExampleStack } from './example/blog-example-stack';
import { ControlTowerExampleStack } from './example/control-tower-example-stack';
import { ExternalIssuerExampleStack } from './example/external-issuer-example-stack';
import { SignInExampleStack } from './example/sign-in-example-stack';

/**
 * AWS Control Tower's proactive controls (the cfn-guard rules of @cdklabs/cdk-validator-cfnguard, run
 * through the CDK's policy validation) on every example stack. The controls each stack fails are
 * listed here with the reason; a new failure, or a fixed one, turns the test red.
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
};

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
const app = new App({
  outdir,
  analyticsReporting: false,
  policyValidationBeta1: [new CfnGuardValidator({ controlTowerRulesEnabled: true })],
  context: { '@aws-cdk/core:validationReportJson': true },
});
new BlogExampleStack(app, 'BlogExampleStack');
new AuthorizationExampleStack(app, 'AuthorizationExampleStack');
new ExternalIssuerExampleStack(app, 'ExternalIssuerExampleStack');
new ControlTowerExampleStack(app, 'ControlTowerExampleStack');
new SignInExampleStack(app, 'SignInExampleStack');

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
  const failing: Record<string, Set<string>> = Object.fromEntries(Object.keys(expected).map((stack) => [stack, new Set<string>()]));
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

test.each(Object.keys(expected))('%s fails exactly the Control Tower controls listed, for the reasons given', (stack) => {
  expect(failing[stack]).toEqual(Object.keys(expected[stack]).sort());
});

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
