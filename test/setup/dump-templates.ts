import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';

/**
 * When TEMPLATE_DUMP_DIR is set, every template a test synthesizes through `Template.fromStack` is
 * also written there, so that cfn-lint can check all of them after the tests (test/lint/run.sh).
 */
const dir = process.env.TEMPLATE_DUMP_DIR;
if (dir) {
  const original = Template.fromStack.bind(Template);
  let count = 0;
  Template.fromStack = (...args: Parameters<typeof Template.fromStack>) => {
    const template = original(...args);
    const name = `${path.basename(expect.getState().testPath ?? 'unknown', '.test.ts')}-${process.pid}-${++count}.template.json`;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, name), JSON.stringify(template.toJSON()));
    return template;
  };
}
