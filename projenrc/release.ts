// Releasing: versions from conventional commits, a changelog, publib to npm, PyPI, Maven Central and
// the Go module repository, the GitHub workflows projen generates for a construct library, and the
// offline rehearsal of all of it (`npx projen test:release`). CONTRIBUTING.md, *Releasing*, says why.
import { awscdk, github, javascript, release, ReleasableCommits } from 'projen';

/** The node version the generated workflows set up (Node.js 20 is what this machine runs). */
const WORKFLOW_NODE_VERSION = '20.x';

/** Toolchains every language's build needs (pacmak: Python, Java + Maven, Go). */
const TOOLCHAIN_STEPS: github.workflows.JobStep[] = [
  { name: 'Set up Python', uses: 'actions/setup-python@v5', with: { 'python-version': '3.x' } },
  { name: 'Set up Java', uses: 'actions/setup-java@v4', with: { 'distribution': 'corretto', 'java-version': '17' } },
  { name: 'Set up Go', uses: 'actions/setup-go@v5', with: { 'go-version': '^1.23.0' } },
];

/** Where `test:release` leaves release N's packages (dist/) for the steps after it (test:newest-cdk). */
export const REHEARSAL_DIST = '.release-rehearsal/dist';

/** The build workflow job's env, and test:all's (there TEMPLATE_DUMP_DIR is made absolute): where jest dumps templates, where the packages are. */
export const TEST_ENV = { TEMPLATE_DUMP_DIR: 'test-reports/templates', PACKAGES_DIR: REHEARSAL_DIST };

/**
 * Constructor options (spread into `new awscdk.AwsCdkConstructLibrary({...})`).
 *
 * - Trigger: continuous — every push to `main` with a `feat` or `fix` commit since the last tag
 *   releases (plus a manual `workflow_dispatch`). docs/test/chore/ci commits do not release.
 * - 0.x → 1.0: `minMajorVersion` is not set, so releases stay 0.x while the API settles; in 0.x a
 *   breaking change bumps the minor and `feat`/`fix` the patch. 1.0.0 is cut by setting
 *   `minMajorVersion: 1` here (one reviewed commit); from then on a breaking change bumps the major.
 * - npm dist-tag: `latest` from `main` (no prerelease line).
 */
export const releaseOptions = {
  github: true,
  release: true,
  releaseTrigger: release.ReleaseTrigger.continuous(),
  releasableCommits: ReleasableCommits.featuresAndFixes(),
  npmDistTag: 'latest',
  // Construct Hub: the page's links (test/construct-hub.test.ts checks what it indexes).
  homepage: 'https://github.com/cdk-cognito-protected-http-api/cdk-cognito-protected-http-api#readme',
  // minMajorVersion: 1,  // ← the 1.0.0 decision (see CONTRIBUTING.md, Releasing)
  workflowNodeVersion: WORKFLOW_NODE_VERSION,
  githubOptions: {
    mergify: false,
    pullRequestLint: true,
    pullRequestLintOptions: {
      semanticTitleOptions: { types: ['feat', 'fix', 'chore', 'docs', 'test', 'refactor', 'build', 'ci', 'perf', 'revert'] },
    },
  },
  depsUpgrade: true,
  depsUpgradeOptions: {
    // The handler bundles inline devDependencies (aws-jwt-verify): an upgrade changes what ships.
    semanticCommit: 'fix(deps)',
    workflowOptions: { schedule: javascript.UpgradeDependenciesSchedule.WEEKLY },
    // The pins that keep the Go build working stay where they are (see .projenrc.ts).
    exclude: ['aws-cdk-lib', 'constructs', 'jsii-pacmak', '@aws-cdk/asset-node-proxy-agent-v6', '@aws-cdk/integ-tests-alpha'],
  },
  buildWorkflowOptions: {
    preBuildSteps: TOOLCHAIN_STEPS,
    env: TEST_ENV,
  },
  releaseWorkflowSetupSteps: TOOLCHAIN_STEPS,
} satisfies Partial<awscdk.AwsCdkConstructLibraryOptions>;

/**
 * What `test:all` (the README's test command) runs after compiling (jest and eslint run inside
 * test:release, in the release's build); the build workflow runs them after `npx projen build`
 * (which compiles, runs jest + eslint and packs the npm package), so both run the same tasks.
 */
export const TEST_TASKS_AFTER_BUILD = ['test:workflows', 'test:readme', 'test:integ', 'test:release', 'example', 'test:lint', 'test:newest-cdk'];

/** The build workflow runs mutation testing too (about 20 minutes: not in test:all, CONTRIBUTING.md). */
const BUILD_WORKFLOW_POST_BUILD_TASKS = [...TEST_TASKS_AFTER_BUILD, 'test:mutation'];

/** After the project is created: the rehearsal's tasks, the workflow check, the build workflow's extra steps. */
export function configureRelease(project: awscdk.AwsCdkConstructLibrary): void {
  // `npx projen test:workflows` — actionlint (built from the Go module proxy) on every generated workflow.
  project.addTask('test:workflows', {
    description: 'actionlint on every generated GitHub workflow (.github/workflows/*.yml)',
    exec: 'bash test/release/actionlint.sh',
  });
  // `npx projen test:release` — the release rehearsed offline (see test/release/rehearse.sh).
  project.addTask('test:release', {
    description: 'Rehearse the release offline: a scratch clone, local npm/PyPI/Maven/Go registries, `projen release`, publib, consumers install by name and version, jsii-diff N → N+1',
    exec: 'bash test/release/rehearse.sh',
  });
  // The workflow tests read the generated YAML (projen's own yaml parser, declared).
  project.addDevDeps('yaml@^2');
  project.gitignore.exclude('/.release-rehearsal/');
  project.addPackageIgnore('/.release-rehearsal/');

  const build = project.buildWorkflow;
  if (!build) throw new Error('projenrc/release.ts: the build workflow is expected (github: true)');
  build.addPostBuildSteps(...BUILD_WORKFLOW_POST_BUILD_TASKS.map((task) => ({ name: task, run: `npx projen ${task}` })));
}

