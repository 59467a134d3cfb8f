/**
 * Scenario startup-dist: the compiled bot (`node dist/main.js`, as production runs it) against
 * `npm start` from source (`tsx src/main.ts`), both in the terminal chat with the bundled content,
 * alternating. Time to the `stepwise.ready` line and peak RSS; the source start is the baseline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT, progress, quantile, type Figure } from './lib.ts';
import { measureStart, type Start } from './startup.ts';

const ROOT = join(import.meta.dirname, '..');
const DIST_MAIN = join(ROOT, 'dist', 'main.js');

/** Builds dist/ as `npm run build` does; a type error still emits, so the figures are kept but flagged. */
function build(): boolean {
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { encoding: 'utf8' });
  if (tsc.status !== 0) process.stderr.write(`  startup-dist: npm run build reported errors (dist/ emitted anyway):\n${tsc.stdout.split('\n').slice(0, 5).join('\n')}\n`);
  if (!existsSync(DIST_MAIN)) throw new Error('npm run build did not produce dist/main.js');
  return tsc.status === 0;
}

/** `runs` starts of each, alternating, as medians. */
export async function startupDist(runs: number): Promise<Figure[]> {
  const clean = build();
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-dist-'));
  const tick = progress(`startup-dist: ${runs} start(s) each, node dist/main.js and tsx src/main.ts`);
  try {
    const env = (db: string) => ({ PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', STEPWISE_DB: join(dir, db), STEPWISE_CONTENT: CONTENT });
    const dist: Start[] = [];
    const source: Start[] = [];
    for (let i = 0; i < runs; i++) {
      dist.push(await measureStart(dir, env(`dist-${i}.db`), [DIST_MAIN]));
      tick(2 * i + 1, 2 * runs);
      source.push(await measureStart(dir, env(`source-${i}.db`)));
      tick(2 * i + 2, 2 * runs);
    }
    const median = (xs: number[]) => quantile(xs, 0.5);
    const readyMs = median(dist.map((s) => s.readyMs));
    const baseMs = median(source.map((s) => s.readyMs));
    const peakMb = median(dist.map((s) => s.peakKb)) / 1024;
    const basePeakMb = median(source.map((s) => s.peakKb)) / 1024;
    const note = clean ? 'terminal chat, bundled content' : 'terminal chat; build had type errors';
    return [
      { scenario: 'startup-dist', metric: 'node dist/main.js: time to stepwise.ready (baseline: tsx src/main.ts)', value: readyMs, unit: 'ms', baseline: baseMs, ratio: baseMs / readyMs, target: note },
      { scenario: 'startup-dist', metric: 'node dist/main.js: peak RSS (baseline: tsx src/main.ts)', value: peakMb, unit: 'MiB', baseline: basePeakMb, ratio: basePeakMb / peakMb },
      { scenario: 'startup-dist', metric: 'exit code after SIGTERM', value: dist.at(-1)?.exitCode ?? -1, unit: '', baseline: source.at(-1)?.exitCode ?? -1, target: '= 0 every run', pass: [...dist, ...source].every((s) => s.exitCode === 0) },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
