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
    elif isinstance(node, ast.ExceptHandler) and node.name:
        defined.add(node.name)
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

/** The README's section on tests in other languages: after the runner's features, before `check-access`. */
function testItSection(): string {
  const [, after] = readme.split('\n### Test it from Python, Java and Go\n');
  expect(after).toBeDefined();
  const section = after.split('\n### ')[0];
  expect(readme.split('\n## Run it locally\n')[1].split('\n## ')[0]).toContain(section);
  expect(after.startsWith(section + '\n### Who can call what: `check-access`\n')).toBe(true);
  return section;
}

/** The options a command's help lists (`  --port <n>  …`). */
function helpOptions(file: string): Set<string> {
  const source = fs.readFileSync(path.join(root, file), 'utf-8');
  return new Set([...source.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]));
}

test.each([
  ['the pytest fixture', 'test/consumers/python/conftest.py'],
  ['the test using it', 'test/consumers/python/test_local_app.py'],
])('the README shows %s as the Python consumer runs it (test/consumers/run.sh)', (_what, file) => {
  const source = fs.readFileSync(path.join(root, file), 'utf-8').trimEnd();
  expect(testItSection()).toContain('```python\n' + source + '\n```');
  expect(fs.readFileSync(path.join(root, 'test/consumers/run.sh'), 'utf-8')).toContain('pytest -p no:cacheprovider -v --tb=short test_local_app.py');
});

test('the Java and Go build step starts the runner in its own process group and runs check-access with options the CLI has', () => {
  const section = testItSection();
  const shell = [...section.matchAll(/```bash\n([\s\S]*?)\n```/g)].map((m) => m[1]);
  expect(shell).toHaveLength(1);
  const lines = shell[0].split('\n');
  expect(lines[0]).toBe('set -em'); // job control: the background job is a process group; a failing test fails the build
  const local = lines.find((line) => line.startsWith('npx cdk-cognito-protected-http-api local '))!;
  expect(local).toMatch(/ --app cdk\.out --port 0 --endpoints local-endpoints\.json .*&$/);
  expect(lines).toContain('trap "kill -- -$!" EXIT');
  expect(lines.findIndex((line) => line.startsWith('rm -f local-endpoints.json'))).toBeLessThan(lines.indexOf(local));
  expect(shell[0]).toContain('mvn test');
  expect(shell[0]).toContain('go test ./...');
  const checkAccess = lines.find((line) => line.includes('npx cdk-cognito-protected-http-api check-access '))!;
  expect(checkAccess).toContain('check-access --app cdk.out --junit target/check-access.xml');
  expect(checkAccess).toMatch(/mkdir -p target && /); // check-access does not create the report's directory
  const flags = (line: string) => [...line.matchAll(/ (--[a-z-]+)/g)].map((m) => m[1]);
  const localOptions = helpOptions('src/local/app/cli.ts');
  expect(flags(local).filter((flag) => !localOptions.has(flag))).toEqual([]);
  const checkAccessOptions = helpOptions('src/local/app/check-access/check-access.ts');
  expect(flags(checkAccess).filter((flag) => !checkAccessOptions.has(flag))).toEqual([]);
  // The check of the flags itself: an option the CLI lacks is caught.
  expect(flags(local.replace('--quiet', '--silent')).filter((flag) => !localOptions.has(flag))).toEqual(['--silent']);
});

test("the README is the package user's: the diagram, install, this repository's commands, then quick start, testing, features", () => {
  const headings = readme.replace(/```[\s\S]*?```/g, '').split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));
  expect(headings.slice(0, 5)).toEqual(['Install', 'Development', 'Quick start', 'Test it', 'Features']);
  const intro = readme.split('\n## ')[0];
  expect(intro).toContain('```text\n');
  expect(intro).toContain('JWT authorizer (default for every route)');
});
