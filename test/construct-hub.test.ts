import * as fs from 'fs';
import * as path from 'path';

/**
 * What Construct Hub indexes (it lists jsii packages whose keywords include `awscdk`/`cdk`, and shows
 * the assembly's readme, description, links, license, author and stability), checked on both the
 * npm manifest and the jsii assembly every language package is generated from — and the README's
 * first screen: how to install in each language, with each registry's version badge.
 */
const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');

function assembly() {
  const file = path.join(root, '.jsii');
  if (!fs.existsSync(file)) throw new Error('.jsii is not built: run `npx projen compile` first');
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

const REPOSITORY = 'https://github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api';

test.each([
  ['package.json', () => pkg],
  ['.jsii', assembly],
])('%s carries what Construct Hub indexes', (_name, manifest) => {
  const m = manifest();
  expect(m.name).toBe('cdk-cognito-protected-http-api');
  expect(m.keywords).toEqual(expect.arrayContaining(['awscdk', 'cdk']));
  expect(m.description).toMatch(/Cognito .*HTTP API/);
  expect(m.repository).toEqual({ type: 'git', url: `${REPOSITORY}.git` });
  expect(m.homepage).toBe(`${REPOSITORY}#readme`);
  expect(m.license).toBe('Apache-2.0');
  expect(m.author).toEqual(expect.objectContaining({ name: 'cdk-cognito-protected-http-api contributors', email: expect.stringContaining('@') }));
});

test('the stability is declared in both, and the assembly carries the README as its readme', () => {
  const jsii = assembly();
  expect(pkg.stability).toBe('stable');
  expect(jsii.docs?.stability).toBe('stable');
  expect(jsii.readme?.markdown).toBe(readme);
});

test('the assembly names the package of every language (Construct Hub shows each install line)', () => {
  expect(assembly().targets).toEqual({
    go: { moduleName: 'github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api-go' },
    java: { maven: { artifactId: 'cdk-cognito-protected-http-api', groupId: 'io.github.cdkcognitoprotectedhttpapi' }, package: 'io.github.cdkcognitoprotectedhttpapi' },
    js: { npm: 'cdk-cognito-protected-http-api' },
    python: { distName: 'cdk-cognito-protected-http-api', module: 'cdk_cognito_protected_http_api' },
  });
});

describe("the README's first screen", () => {
  const firstScreen = readme.split('\n').slice(0, 45).join('\n');

  test.each([
    ['npm', 'https://img.shields.io/npm/v/cdk-cognito-protected-http-api', 'https://www.npmjs.com/package/cdk-cognito-protected-http-api'],
    ['PyPI', 'https://img.shields.io/pypi/v/cdk-cognito-protected-http-api', 'https://pypi.org/project/cdk-cognito-protected-http-api/'],
    ['Maven Central', 'https://img.shields.io/maven-central/v/io.github.cdkcognitoprotectedhttpapi/cdk-cognito-protected-http-api', 'https://central.sonatype.com/artifact/io.github.cdkcognitoprotectedhttpapi/cdk-cognito-protected-http-api'],
    ['Go', 'https://img.shields.io/github/v/tag/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api-go', 'https://pkg.go.dev/github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api-go/cdkcognitoprotectedhttpapi'],
  ])('has the %s version badge linking to its registry page', (label, badge, page) => {
    const badges = [...firstScreen.matchAll(/\[!\[([^\]]+)\]\(([^)]+)\)\]\(([^)]+)\)/g)].map((m) => ({ alt: m[1], image: m[2], link: m[3] }));
    expect(badges).toContainEqual({ alt: label, image: expect.stringContaining(badge), link: page });
  });

  test.each([
    ['TypeScript / JavaScript', 'npm install cdk-cognito-protected-http-api'],
    ['Python', 'pip install cdk-cognito-protected-http-api'],
    ['Java', '<artifactId>cdk-cognito-protected-http-api</artifactId>'],
    ['Go', 'go get github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api-go/cdkcognitoprotectedhttpapi'],
  ])('says how to install it in %s', (language, command) => {
    const install = firstScreen.split('## Install')[1] ?? '';
    const row = install.split('\n').find((line) => line.startsWith(`| ${language} |`));
    expect(row).toContain(command);
  });
});
