import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median } from './stats';
import { ensureMotoVenv, MOTO_REQUIREMENT, MotoInstaller, startMoto, UV_VERSION } from '../../src/local/app/moto';

/**
 * The first run's emulator install (moto's venv, see ensureMotoVenv), uv against pip side by side,
 * each into its own temporary directories (this machine's cache is not touched):
 *
 * - cold: nothing cached, as on a fresh machine or CI runner: an empty cache directory
 *   (`XDG_CACHE_HOME`; for uv this includes installing uv itself with pip) and empty pip and uv
 *   package caches (`PIP_CACHE_DIR`, `UV_CACHE_DIR`);
 * - warm: pip's and uv's package caches kept from an earlier install (primed once, not counted),
 *   this package's cache directory empty.
 *
 * Then moto's first start from each venv (pip compiles the bytecode at install, uv leaves it to the
 * first import). Interleaved rounds, the order alternating; medians. Target: the cold uv install
 * ≤ 10 s. Needs PyPI. BENCH_ROUNDS (default 3).
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_S = 10;
const INSTALLERS: Array<Exclude<MotoInstaller, 'auto'>> = ['pip', 'uv'];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-local-bench-moto-'));
const fresh = (name: string) => fs.mkdtempSync(path.join(scratch, `${name}-`));
const fmt = (seconds: number) => `${seconds.toFixed(1)} s`.padStart(7);

/** Installs moto with `installer` into a fresh cache directory; seconds, and the venv. */
function install(installer: Exclude<MotoInstaller, 'auto'>, caches: { pip: string; uv: string }): { seconds: number; venv: string } {
  const cache = fresh(`xdg-${installer}`);
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cache, PIP_CACHE_DIR: caches.pip, UV_CACHE_DIR: caches.uv };
  delete env.PIP_NO_CACHE_DIR;
  delete env.UV_NO_CACHE;
  const venv = path.join(cache, 'cdk-cognito-protected-http-api', 'moto');
  const started = process.hrtime.bigint();
  ensureMotoVenv(venv, () => {}, { env, installer });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, venv };
}

/** Seconds from spawning moto until it listens. */
async function firstStart(venv: string): Promise<number> {
  const started = process.hrtime.bigint();
  const moto = await startMoto({ venv });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await moto.stop();
  return seconds;
}

async function main(): Promise<void> {
  console.log(`moto-install bench: ${MOTO_REQUIREMENT}, pip vs uv ${UV_VERSION}, ${ROUNDS} rounds; Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}\n`);
  const warmCaches = { pip: fresh('pip-cache'), uv: fresh('uv-cache') };
  for (const installer of INSTALLERS) install(installer, warmCaches); // prime the package caches

  const seconds: Record<string, number[]> = {};
  const record = (key: string, value: number) => (seconds[key] ??= []).push(value);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? INSTALLERS : [...INSTALLERS].reverse();
    for (const installer of order) {
      const cold = install(installer, { pip: fresh('pip-cache'), uv: fresh('uv-cache') });
      record(`${installer} cold`, cold.seconds);
      record(`${installer} first start`, await firstStart(cold.venv));
      record(`${installer} warm`, install(installer, warmCaches).seconds);
    }
    console.log(`round ${round + 1}: ${Object.entries(seconds).map(([key, values]) => `${key} ${values[round].toFixed(1)} s`).join(', ')}`);
  }

  const m = (key: string) => median(seconds[key]);
  console.log('\nmedians          pip      uv    pip / uv');
  for (const kind of ['cold', 'warm', 'first start']) {
    console.log(`  ${kind.padEnd(12)} ${fmt(m(`pip ${kind}`))} ${fmt(m(`uv ${kind}`))}  ${(m(`pip ${kind}`) / m(`uv ${kind}`)).toFixed(1).padStart(6)}×`);
  }
  const cold = m('uv cold');
  console.log(`\n${cold <= TARGET_S ? 'OK  ' : 'MISS'} cold install with uv ${cold.toFixed(1)} s (target ≤ ${TARGET_S} s; pip ${m('pip cold').toFixed(1)} s)`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(scratch, { recursive: true, force: true }));
