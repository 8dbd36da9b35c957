"""cfn-lint and checkov over the synthesized templates; see test/lint/run.sh."""
import glob
import json
import os
import subprocess
import sys
import tempfile

BIN = os.path.dirname(sys.executable)
JUSTIFICATIONS = 'test/lint/checkov-justifications.json'


def cfn_lint(templates):
    # cfn-lint exits non-zero on warnings too; only errors fail (--non-zero-exit-code error).
    result = subprocess.run([os.path.join(BIN, 'cfn-lint'), '--non-zero-exit-code', 'error', '--format', 'parseable', *templates],
                            capture_output=True, text=True)
    findings = [line for line in result.stdout.splitlines() if line.strip()]
    errors = [line for line in findings if ':E' in line]
    print(f'cfn-lint: {len(templates)} templates, {len(errors)} errors, {len(findings) - len(errors)} warnings/infos')
    for line in findings:
        print(f'  {line}')
    return result.returncode == 0 and not errors


def checkov(templates):
    justified = {k: v for k, v in json.load(open(JUSTIFICATIONS)).items() if not k.startswith('//')}
    failed_ids, passed, failed = set(), 0, 0
    unjustified = []
    with tempfile.TemporaryDirectory() as out:
        for template in templates:
            run = subprocess.run([os.path.join(BIN, 'checkov'), '-f', template, '--framework', 'cloudformation', '--skip-download',
                                  '--quiet', '--compact', '-o', 'json', '--output-file-path', out],
                                 capture_output=True, text=True, env={**os.environ, 'BC_SKIP_MAPPING': 'TRUE', 'LOG_LEVEL': 'ERROR'})
            report = json.load(open(os.path.join(out, 'results_json.json')))
            reports = report if isinstance(report, list) else [report]
            for r in reports:
                passed += r['summary']['passed']
                failed += r['summary']['failed']
                for check in r['results']['failed_checks']:
                    failed_ids.add(check['check_id'])
                    if check['check_id'] not in justified:
                        unjustified.append(f"{os.path.basename(template)}: {check['check_id']} {check['resource']}: {check['check_name']}")
    stale = sorted(set(justified) - failed_ids)
    print(f'checkov: {len(templates)} templates, {passed} passed, {failed} failed, '
          f'{failed - len(unjustified)} of them justified ({len(justified)} justifications), {len(unjustified)} unjustified')
    for line in unjustified:
        print(f'  UNJUSTIFIED {line}')
    for check_id in stale:
        print(f'  STALE justification {check_id}: it no longer fails; remove it from {JUSTIFICATIONS}')
    return not unjustified and not stale


def main():
    dumped = sorted(glob.glob('test-reports/templates/*.template.json'))
    if not dumped:
        sys.exit('no template dumped by jest in test-reports/templates/: run jest with '
                 'TEMPLATE_DUMP_DIR=test-reports/templates first (test:all does)')
    examples = sorted(glob.glob('cdk.out/*.template.json'))
    if not examples:
        sys.exit('no example template in cdk.out/: run `npx projen example` first')
    ok = cfn_lint(examples + dumped)
    ok = checkov(examples) and ok
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
