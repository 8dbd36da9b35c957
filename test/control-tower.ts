import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App } from 'aws-cdk-lib';

/**
 * AWS Control Tower's proactive controls (the cfn-guard rules of @cdklabs/cdk-validator-cfnguard)
 * run through the CDK's policy validation on the stacks `build` adds to a new app: the failing
 * control ids (`CT.X.PR.N`) per stack, by its template's name. aws-cdk-lib up to ~2.2xx writes a JSON
 * report and sets the exit code; newer releases throw a ValidationFailed error listing the same
 * violations: both are read, and neither leaks (the exit code is restored, the output muted).
 */
export function failingControls(build: (app: App) => void): Record<string, string[]> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
  const app = new App({
    outdir,
    analyticsReporting: false,
    policyValidationBeta1: [new CfnGuardValidator({ controlTowerRulesEnabled: true })],
    context: { '@aws-cdk/core:validationReportJson': true },
  });
  build(app);
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
  try {
    const failing = new Map<string, Set<string>>();
    const add = (stack: string, control: string) => failing.set(stack, (failing.get(stack) ?? new Set()).add(control));
    const reportFile = path.join(outdir, 'policy-validation-report.json');
    if (fs.existsSync(reportFile)) {
      for (const plugin of JSON.parse(fs.readFileSync(reportFile, 'utf-8')).pluginReports) {
        for (const violation of plugin.violations) {
          const control = /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(violation.description)?.[1] ?? violation.ruleName;
          for (const resource of violation.violatingResources) add(path.basename(resource.templatePath, '.template.json'), control);
        }
      }
    }
    // "ERROR [CT.X.PR.N]: …" then the violating construct's path, which starts with the stack's id.
    for (const [, control, stack] of thrown.matchAll(/\[(CT\.[A-Z0-9]+\.PR\.\d+)\][^\n]*\n\s+([A-Za-z0-9-]+)\//g)) add(stack, control);
    return Object.fromEntries([...failing].map(([stack, controls]) => [stack, [...controls].sort()]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
