import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');

/** The body of every fenced block of a language in the README. */
function blocks(language: string): string[] {
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```', 'g'))].map((m) => m[1]);
}

/**
 * The README's Python, Java and Go examples are the consumer apps that CI installs the packages into,
 * compiles and runs (test:consumers) — whole files, so each snippet compiles as pasted.
 */
test.each([
  ['python', 'test/consumers/python/blog_example_stack.py'],
  ['java', 'test/consumers/java/src/main/java/example/consumer/BlogExampleStack.java'],
  ['go', 'test/consumers/go/blog_example_stack.go'],
])('the README shows the whole %s consumer, as CI compiles it', (language, file) => {
  const source = fs.readFileSync(path.join(root, file), 'utf-8').trimEnd();
  expect(blocks(language)).toContain(source);
});

/**
 * Names a Python snippet uses but neither imports nor defines (what `python3 -m py_compile` does not
 * see: `Any` without `from typing import Any` only fails when the code runs).
 */
const UNDEFINED_NAMES = `
import ast, builtins, sys
tree = ast.parse(sys.stdin.read())
defined = set(dir(builtins))
for node in ast.walk(tree):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        defined.update((a.asname or a.name).split('.')[0] for a in node.names)
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        defined.add(node.name)
    elif isinstance(node, ast.arg):
        defined.add(node.arg)
    elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        defined.add(node.id)
used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
print(' '.join(sorted(used - defined)))
`;
const undefinedNames = (code: string) => execFileSync('python3', ['-c', UNDEFINED_NAMES], { input: code, encoding: 'utf-8' }).trim();

test('every Python block of the README parses and uses only names it imports or defines', () => {
  const python = blocks('python');
  expect(python.length).toBeGreaterThan(0);
  for (const code of python) {
    expect(undefinedNames(code)).toBe('');
  }
  // The check itself: the snippet without its typing import is caught.
  expect(undefinedNames(python[0].replace('from typing import Any\n', ''))).toBe('Any');
});

test('the README starts with the demo (the main job) and the test command that .ci/run uses', () => {
  const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf-8');
  const [, firstBlock] = readme.split('```bash\n');
  const commands = firstBlock.split('```')[0].split('\n').filter((line) => line && !line.startsWith('#'));
  expect(commands).toEqual(['npx -y npm@10 ci && npx projen demo', 'npx -y npm@10 ci && npx projen test:all']);
  expect(ci).toContain('npx -y npm@10 ci');
  expect(ci).toContain('npx projen test:all');
  expect(ci).toContain('npx projen demo');
});

/** GitHub's (and npm's) anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

test('every #anchor link of the README names one of its headings', () => {
  const headings = new Set(readme.replace(/```[\s\S]*?```/g, '').split('\n').filter((line) => /^#{1,6} /.test(line)).map((line) => anchor(line.replace(/^#+ /, ''))));
  const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
  expect(links.length).toBeGreaterThan(3);
  expect(links.filter((link) => !headings.has(link))).toEqual([]);
  expect(anchor('Who can call what: `check-access`')).toBe('who-can-call-what-check-access');
});

test("the Quick start is the package user's: install by name, synth, run locally, call (CI runs it: test/consumers/quick-start.sh)", () => {
  const section = readme.split('\n## Quick start\n')[1].split('\n## ')[0];
  expect(section).toContain('npm install cdk-cognito-protected-http-api aws-cdk-lib constructs');
  expect(section).toContain('npx cdk synth');
  expect(section).toContain('npx cdk-cognito-protected-http-api local --app cdk.out');
  expect(section).not.toMatch(/projen|npm@10 ci/);
  expect(fs.readFileSync(path.join(root, 'test/consumers/run.sh'), 'utf-8')).toContain('quick-start.sh');
});
