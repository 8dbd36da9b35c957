import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureMotoVenv, MotoError, MOTO_REQUIREMENT, UV_VERSION, VENV_MISSING } from '../../src/local/app/moto';

/**
 * How ensureMotoVenv installs moto, without the network: python3 and uv are stand-ins (one Node.js
 * script under both names) that record every call and create the directories the real tools would.
 * The real install is exercised by every test that starts the runner (e.g. blog-flow.test.ts).
 */

/** The stand-in: `python3` (the version probe, `-m venv`, `-m pip install`) or `uv` (`--version`, `venv`, `pip install`). */
const FAKE = `#!${process.execPath}
const fs = require('fs');
const path = require('path');
const self = process.argv[1];
const tool = path.basename(self) === 'uv' ? 'uv' : 'python';
const args = process.argv.slice(2);
const env = process.env;
fs.appendFileSync(env.FAKE_LOG, JSON.stringify({ tool, args, UV_PYTHON_DOWNLOADS: env.UV_PYTHON_DOWNLOADS, UV_DEFAULT_INDEX: env.UV_DEFAULT_INDEX }) + '\\n');
const makeVenv = (dir) => {
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.copyFileSync(env.FAKE_SOURCE, path.join(dir, 'bin', 'python'));
  fs.chmodSync(path.join(dir, 'bin', 'python'), 0o755);
};
const fail = (message) => { process.stderr.write(message + '\\n'); process.exit(1); };
if (tool === 'uv') {
  if (args[0] === '--version') { console.log('uv ' + (env.FAKE_UV_VERSION || '${UV_VERSION}') + ' (x86_64-unknown-linux-gnu)'); process.exit(0); }
  if (args[0] === 'venv') { makeVenv(args[args.length - 1]); process.exit(0); }
  if (env.FAKE_UV_INSTALL === 'fail') fail('error: Failed to fetch: \`https://pypi.org/simple/moto/\`');
  process.exit(0);
}
if (args[0] === '-c') { console.log(env.FAKE_PYTHON_OLD ? 'False' : 'True'); console.log(path.join(env.FAKE_HOME, 'python3.11')); process.exit(0); }
if (args[0] === '-m' && args[1] === 'venv') {
  if (env.FAKE_VENV === 'missing') {
    makeVenv(args[2]);
    fail('The virtual environment was not created successfully because ensurepip is not\\navailable.  On Debian/Ubuntu systems, you need to install the python3-venv\\npackage using the following command.');
  }
  makeVenv(args[2]);
  process.exit(0);
}
if (args.includes('--target')) {
  if (env.FAKE_PIP_UV === 'fail') fail('ERROR: Could not find a version that satisfies the requirement uv==${UV_VERSION}\\nERROR: No matching distribution found for uv==${UV_VERSION}');
  const target = args[args.indexOf('--target') + 1];
  fs.mkdirSync(path.join(target, 'bin'), { recursive: true });
  fs.copyFileSync(env.FAKE_SOURCE, path.join(target, 'bin', 'uv'));
  fs.chmodSync(path.join(target, 'bin', 'uv'), 0o755);
}
process.exit(0);
`;

interface Call {
  tool: 'python' | 'uv';
  args: string[];
  UV_PYTHON_DOWNLOADS?: string;
  UV_DEFAULT_INDEX?: string;
}

let home: string;
let bin: string;
let env: NodeJS.ProcessEnv;
let logged: string[];

/** Puts a stand-in on the PATH under `name`. */
function install(name: string): void {
  fs.copyFileSync(path.join(home, 'fake.js'), path.join(bin, name));
  fs.chmodSync(path.join(bin, name), 0o755);
}

function calls(): Call[] {
  const file = path.join(home, 'calls.jsonl');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf-8').trim().split('\n').map((line) => JSON.parse(line)) : [];
}

/** The calls that install something (not the probes: python3 -c, uv --version). */
function installs(): string[] {
  return calls().filter((c) => c.args[0] !== '-c' && c.args[0] !== '--version').map((c) => `${c.tool} ${c.args.slice(0, 2).join(' ')}`);
}

const cache = () => path.join(home, 'cache', 'cdk-cognito-protected-http-api');
const venv = () => path.join(home, 'venvs', 'moto');
const ensure = (extra: NodeJS.ProcessEnv = {}) => ensureMotoVenv(venv(), (line) => logged.push(line), { env: { ...env, ...extra } });

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'moto-install-'));
  bin = path.join(home, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(home, 'fake.js'), FAKE, { mode: 0o755 });
  install('python3');
  env = { PATH: bin, XDG_CACHE_HOME: path.join(home, 'cache'), FAKE_LOG: path.join(home, 'calls.jsonl'), FAKE_SOURCE: path.join(home, 'fake.js'), FAKE_HOME: home };
  logged = [];
});

afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const describeUnix = process.platform === 'win32' ? describe.skip : describe;

describeUnix('ensureMotoVenv: which installer', () => {
  test('uv on the PATH: uv venv (relocatable, on the Python found) and uv pip install, no python -m venv, no bootstrap', () => {
    install('uv');
    const python = ensure();
    expect(python).toBe(path.join(venv(), 'bin', 'python'));
    const staging = `${venv()}.tmp-${process.pid}`;
    const uvCalls = calls().filter((c) => c.tool === 'uv' && c.args[0] !== '--version');
    expect(uvCalls.map((c) => c.args)).toEqual([
      ['venv', '--quiet', '--relocatable', '--python', path.join(home, 'python3.11'), staging],
      ['pip', 'install', '--quiet', '--python', path.join(staging, 'bin', 'python'), MOTO_REQUIREMENT],
    ]);
    expect(uvCalls.every((c) => c.UV_PYTHON_DOWNLOADS === 'never')).toBe(true);
    expect(installs()).toEqual(['uv venv --quiet', 'uv pip install']);
    expect(logged).toEqual([`Installing ${MOTO_REQUIREMENT} into ${venv()} with uv (first run only, a few seconds)…`]);
    expect(fs.readFileSync(path.join(venv(), '.installed'), 'utf-8')).toBe(`${MOTO_REQUIREMENT}\ninstalled by uv (PATH)\n`);
    expect(fs.existsSync(staging)).toBe(false);
  });

  test(`no uv on the PATH: uv ${UV_VERSION} is installed into the cache with pip --target once, then used`, () => {
    ensure();
    expect(installs()).toEqual(['python -m pip', 'uv venv --quiet', 'uv pip install']);
    const bootstrap = calls().find((c) => c.args.includes('--target'))!;
    expect(bootstrap.args).toEqual(['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', '--target',
      path.join(cache(), `uv-${UV_VERSION}.tmp-${process.pid}`), `uv==${UV_VERSION}`]);
    expect(fs.existsSync(path.join(cache(), `uv-${UV_VERSION}`, 'bin', 'uv'))).toBe(true);
    expect(fs.readFileSync(path.join(venv(), '.installed'), 'utf-8')).toBe(`${MOTO_REQUIREMENT}\ninstalled by uv ${UV_VERSION}\n`);

    // Another venv (a new moto version, say): the cached uv, no second bootstrap.
    fs.rmSync(venv(), { recursive: true });
    fs.rmSync(env.FAKE_LOG!);
    ensure();
    expect(installs()).toEqual(['uv venv --quiet', 'uv pip install']);
  });

  test('a uv older than 0.5 on the PATH is passed over for the pinned one', () => {
    install('uv');
    ensure({ FAKE_UV_VERSION: '0.4.9' });
    expect(installs()).toEqual(['python -m pip', 'uv venv --quiet', 'uv pip install']);
    expect(calls().find((c) => c.tool === 'uv' && c.args[0] === 'venv')).toBeDefined();
  });

  test("pip's index (PIP_INDEX_URL) is uv's too unless uv has its own", () => {
    install('uv');
    ensure({ PIP_INDEX_URL: 'https://mirror.example/simple' });
    expect(calls().filter((c) => c.tool === 'uv' && c.args[0] !== '--version').map((c) => c.UV_DEFAULT_INDEX)).toEqual(['https://mirror.example/simple', 'https://mirror.example/simple']);
  });

  test('installer: pip skips uv even when it is on the PATH', () => {
    install('uv');
    ensureMotoVenv(venv(), (line) => logged.push(line), { env, installer: 'pip' });
    expect(installs()).toEqual(['python -m venv', 'python -m pip']);
    expect(logged).toEqual([`Installing ${MOTO_REQUIREMENT} into ${venv()} with pip (first run only, about a minute)…`]);
  });

  test('an installed venv is reused without a call; one whose Python is gone is built anew', () => {
    install('uv');
    ensure();
    fs.rmSync(env.FAKE_LOG!);
    ensure();
    expect(calls()).toEqual([]);
    fs.rmSync(path.join(venv(), 'bin', 'python'));
    ensure();
    expect(installs()).toEqual(['uv venv --quiet', 'uv pip install']);
    expect(fs.existsSync(path.join(venv(), 'bin', 'python'))).toBe(true);
  });
});

describeUnix('ensureMotoVenv: falling back to pip, and errors', () => {
  test('uv cannot be installed (no wheel, offline): one log line saying why, then python -m venv and pip', () => {
    ensure({ FAKE_PIP_UV: 'fail' });
    expect(installs()).toEqual(['python -m pip', 'python -m venv', 'python -m pip']);
    expect(calls().pop()!.args).toEqual(['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', MOTO_REQUIREMENT]);
    expect(logged).toEqual([
      `uv ${UV_VERSION} could not be installed (ERROR: No matching distribution found for uv==${UV_VERSION}): installing ${MOTO_REQUIREMENT} into ${venv()} with pip instead (first run only, about a minute)…`,
    ]);
    expect(fs.readFileSync(path.join(venv(), '.installed'), 'utf-8')).toBe(`${MOTO_REQUIREMENT}\ninstalled by pip\n`);
    expect(fs.readdirSync(cache())).toEqual([]); // no half-installed uv left behind
  });

  test('uv fails to install moto: one log line, then pip into a fresh staging venv', () => {
    install('uv');
    ensure({ FAKE_UV_INSTALL: 'fail' });
    expect(installs()).toEqual(['uv venv --quiet', 'uv pip install', 'python -m venv', 'python -m pip']);
    expect(logged).toEqual([
      `Installing ${MOTO_REQUIREMENT} into ${venv()} with uv (first run only, a few seconds)…`,
      `uv failed (error: Failed to fetch: \`https://pypi.org/simple/moto/\`): installing ${MOTO_REQUIREMENT} into ${venv()} with pip instead (about a minute)…`,
    ]);
    expect(fs.existsSync(path.join(venv(), '.installed'))).toBe(true);
  });

  test('installer: uv fails rather than fall back', () => {
    expect(() => ensureMotoVenv(venv(), () => {}, { env: { ...env, FAKE_PIP_UV: 'fail' }, installer: 'uv' }))
      .toThrow(`uv ${UV_VERSION} could not be installed: ERROR: No matching distribution found for uv==${UV_VERSION}`);
    expect(installs()).toEqual(['python -m pip']);
  });

  test("Python's venv module without ensurepip (Debian's python3 without python3-venv): a clear error, nothing left behind", () => {
    expect(() => ensureMotoVenv(venv(), () => {}, { env: { ...env, FAKE_VENV: 'missing' }, installer: 'pip' })).toThrow(new MotoError(VENV_MISSING));
    expect(VENV_MISSING).toBe("Python's venv module is missing: install python3-venv (apt-get install python3-venv) and try again");
    expect(fs.readdirSync(path.dirname(venv()))).toEqual([]);
  });

  test('with uv, python -m venv is not needed: a Python without ensurepip still gets moto', () => {
    install('uv');
    ensure({ FAKE_VENV: 'missing' });
    expect(fs.existsSync(path.join(venv(), '.installed'))).toBe(true);
  });

  test('Python older than 3.9: the same error as before', () => {
    expect(() => ensure({ FAKE_PYTHON_OLD: '1' })).toThrow('Python 3.9 or newer is needed to run the Cognito emulator (moto): install python3 and try again');
    expect(installs()).toEqual([]);
  });
});
