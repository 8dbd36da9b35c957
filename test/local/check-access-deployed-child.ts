import { checkDeployedAccess } from '../../src/local/app/check-access/deployed-check';

/**
 * `check-access` on a deployed stack in a process of its own, for the signal tests of
 * check-access-deployed.test.ts: node -r ts-node/register/transpile-only <this> <stack> <region> <URL mappings as JSON>.
 */
const [stack, region, mappings] = process.argv.slice(2);
checkDeployedAccess({ stacks: [stack], region, urlMappings: JSON.parse(mappings) }).then(
  (report) => process.exit(report.ok ? 0 : 1),
  (error) => {
    process.stderr.write(`${error}\n`);
    process.exit(2);
  },
);
