import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

/**
 * What the npm tarball (and so every language package, which embeds it) may carry: the construct
 * code jsii compiled, the pre-bundled handlers, the CLI, the assembly and the docs. Nothing else —
 * no CI scripts, no sources, no handler code compiled a second time into lib/.
 */
const ALLOWED = [
  /^package\.json$/,
  /^(README\.md|API\.md|LICENSE|\.jsii)$/,
  /^lib\/index\.(js|d\.ts)$/,
  /^lib\/(construct|shared)\/([a-z0-9-]+\/)?[a-z0-9-]+(\.[a-z]+)?\.(js|d\.ts)$/,
  /^lib\/local\/(cli\.js|testing\.js|testing\/(index|types)\.d\.ts|workers\/[a-z0-9-]+\.(js|py))$/,
  /^assets\/handlers\/[a-z0-9-]+\.lambda\/index\.js$/,
];

test('the npm package carries only what users run', () => {
  if (!fs.existsSync(path.join(root, 'lib', 'index.js'))) {
    throw new Error('lib/ is not built: run `npx projen compile` (or the README test command) first');
  }
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }));
  const files: string[] = pack.files.map((file: { path: string }) => file.path).sort();
  expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
  // And what users run is there.
  expect(files).toEqual(expect.arrayContaining([
    '.jsii',
    'lib/index.js',
    'assets/handlers/whoami.lambda/index.js',
    'assets/handlers/jwt-authorizer.lambda/index.js',
  ]));
  expect(files.some((file) => file.startsWith('lib/handlers/') || file.startsWith('src/'))).toBe(false);
});

/**
 * The testing entry point, `cdk-cognito-protected-http-api/local`, is a subpath export outside the jsii
 * API: every entry of `exports` names a shipped file, the main entry keeps `require` (the jsii kernel
 * of Python, Java and Go loads the package with it), and the declarations import nothing unshipped.
 */
test('package.json\'s exports name shipped files; /local\'s declarations are self-contained', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }));
  const shipped = new Set<string>(pack.files.map((file: { path: string }) => file.path));
  const targets = Object.values(pkg.exports).flatMap((entry) => typeof entry === 'string' ? [entry] : Object.values(entry as Record<string, string>));
  expect(targets.map((target) => path.posix.normalize(target)).filter((target) => !shipped.has(target))).toEqual([]);
  expect(pkg.exports['.']).toEqual({ types: './lib/index.d.ts', default: './lib/index.js' });
  expect(pkg.typesVersions['*'].local).toEqual([pkg.exports['./local'].types.replace(/^\.\//, '')]);
  for (const file of ['index.d.ts', 'types.d.ts']) {
    const imports = [...fs.readFileSync(path.join(root, 'lib/local/testing', file), 'utf-8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    expect(imports.filter((name) => name !== './types')).toEqual([]);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(Object.keys(require(path.join(root, 'lib/local/testing.js')))).toEqual(expect.arrayContaining(['startLocal', 'connectLocal']));
});

/**
 * npm and Construct Hub render the package's README: a relative link must name a file the package
 * ships; anything else (CONTRIBUTING.md, tests, examples) is linked by its absolute repository URL.
 */
test('every relative link in the README names a file the npm package ships', () => {
  if (!fs.existsSync(path.join(root, 'lib', 'index.js'))) {
    throw new Error('lib/ is not built: run `npx projen compile` (or the README test command) first');
  }
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }));
  const shipped = new Set<string>(pack.files.map((file: { path: string }) => file.path));
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
  const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => !/^(https?:|mailto:|#)/.test(target));
  const missing = relative.filter((target) => !shipped.has(path.posix.normalize(target.replace(/#.*$/, ''))));
  expect(missing).toEqual([]);
});
