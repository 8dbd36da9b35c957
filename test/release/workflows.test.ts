import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'yaml';

/**
 * The generated workflows, read as data: what the release rehearsal relies on (one `release` step
 * running publib per registry), the secrets CONTRIBUTING.md must document, and the pins the
 * dependency upgrades must keep.
 */
const root = path.join(__dirname, '..', '..');
const workflowsDir = path.join(root, '.github', 'workflows');
const workflows = fs.readdirSync(workflowsDir).filter((file) => file.endsWith('.yml')).sort();
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf-8');
const release = yaml.parse(read('.github/workflows/release.yml'));

test('the workflows a construct library gets are generated', () => {
  expect(workflows).toEqual(['build.yml', 'pull-request-lint.yml', 'release.yml', 'upgrade-main.yml']);
  const build = yaml.parse(read('.github/workflows/build.yml'));
  expect(Object.keys(build.jobs)).toEqual(expect.arrayContaining(['build', 'package-js', 'package-python', 'package-java', 'package-go']));
  const runs = build.jobs.build.steps.map((step: { run?: string }) => step.run).filter(Boolean);
  expect(runs).toEqual(expect.arrayContaining(['npx projen build', 'npx projen test:release', 'npx projen test:workflows']));
});

test("the build workflow runs, after `npx projen build`, what test:all (the README's test command) runs after compiling", () => {
  const tasks = JSON.parse(read('.projen/tasks.json')).tasks;
  const spawned = tasks['test:all'].steps.map((step: { spawn?: string }) => step.spawn).filter(Boolean);
  const afterCompile = spawned.slice(spawned.indexOf('post-compile') + 1);
  const build = yaml.parse(read('.github/workflows/build.yml'));
  const runs: string[] = build.jobs.build.steps.map((step: { run?: string }) => step.run).filter(Boolean);
  const afterBuild = runs.slice(runs.indexOf('npx projen build') + 1).filter((run) => run.startsWith('npx projen '));
  expect(afterCompile).toContain('test:release');
  expect(afterBuild).toEqual([...afterCompile, 'test:mutation'].map((task) => `npx projen ${task}`));
});

test.each([
  ['release_npm', 'publib-npm'],
  ['release_pypi', 'publib-pypi'],
  ['release_maven', 'publib-maven'],
  ['release_golang', 'publib-golang'],
])('release.yml job %s publishes with %s in its one `release` step (the rehearsal runs that step)', (job, command) => {
  const steps = release.jobs[job].steps.filter((step: { id?: string }) => step.id === 'release');
  expect(steps).toHaveLength(1);
  expect(steps[0].run).toContain(command);
});

test('npm releases go to the `latest` dist-tag, from pushes to main', () => {
  expect(release.on.push.branches).toEqual(['main']);
  expect(release.jobs.release_npm.steps.find((step: { id?: string }) => step.id === 'release').env.NPM_DIST_TAG).toBe('latest');
});

test("every secret a workflow uses is documented in CONTRIBUTING.md's Releasing section", () => {
  const releasing = read('CONTRIBUTING.md').split('## Releasing')[1] ?? '';
  const secrets = new Set(workflows.flatMap((file) => [...read(`.github/workflows/${file}`).matchAll(/secrets\.([A-Z0-9_]+)/g)].map((m) => m[1])));
  secrets.delete('GITHUB_TOKEN'); // GitHub's own
  expect([...secrets].sort().filter((secret) => !releasing.includes(`\`${secret}\``))).toEqual([]);
  expect(secrets.size).toBeGreaterThanOrEqual(9);
});

// The newest aws-cdk-lib lane (test/newest-cdk) rewrites package.json on purpose: the pins hold where the floor is installed.
const installedCdk = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf-8')).version;
const onTheFloor = installedCdk === '2.220.0';

(onTheFloor ? test : test.skip)('the upgrade workflow keeps the pins the Go build needs', () => {
  const pkg = JSON.parse(read('package.json'));
  expect(pkg.devDependencies).toEqual(expect.objectContaining({ 'aws-cdk-lib': '2.220.0', 'constructs': '10.4.2', 'jsii-pacmak': '1.119.0' }));
  expect(pkg.peerDependencies['aws-cdk-lib']).toBe('^2.220.0');
  expect(pkg.overrides).toEqual({ '@aws-cdk/asset-node-proxy-agent-v6': '2.1.0' });
  const upgrade = JSON.parse(read('.projen/tasks.json')).tasks.upgrade;
  const touched = JSON.stringify(upgrade.steps);
  for (const pinned of ['aws-cdk-lib', 'constructs', 'jsii-pacmak', '@aws-cdk/asset-node-proxy-agent-v6']) {
    expect(touched).not.toMatch(new RegExp(`[,'"=]${pinned.replace(/[/.]/g, '\\$&')}[,'"]`));
  }
});
