import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');

/** The README's Python, Java and Go examples are the consumer apps that CI runs, not copies that drift. */
test.each([
  ['python', 'test/consumers/python/blog_example_stack.py', 'from aws_cdk import Stack'],
  ['java', 'test/consumers/java/src/main/java/example/consumer/BlogExampleStack.java', 'import io.github'],
  ['go', 'test/consumers/go/blog_example_stack.go', 'import ('],
])('the README shows the %s consumer as it is', (language, file, from) => {
  const source = fs.readFileSync(path.join(root, file), 'utf-8');
  const shown = source.slice(source.indexOf(from)).trimEnd();
  expect(readme).toContain(`\`\`\`${language}\n${shown}\n\`\`\``);
});

test('the README starts with the demo and the test command that .ci/run uses', () => {
  const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf-8');
  const [, firstBlock] = readme.split('```bash\n');
  const commands = firstBlock.split('```')[0].split('\n').filter((line) => line && !line.startsWith('#'));
  expect(commands).toEqual(['npx -y npm@10 ci && npx projen demo', 'npx -y npm@10 ci && npx projen test:all']);
  expect(ci).toContain('npx -y npm@10 ci');
  expect(ci).toContain('npx projen test:all');
});
