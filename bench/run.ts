/** `npm run bench [-- --json] [-- --quick] [-- --only=a,b] [-- --scale 10m] [-- --shapes=10M/100k,…]`: runs the scenarios, prints a table, keeps bench/RESULTS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { answerPath } from './answer-path.ts';
import { answerPathPg } from './answer-path-pg.ts';
import { twoInstances } from './two-instances.ts';
import { benchQuestions, commands, scaleLabel, scales } from './commands.ts';
import { durability } from './durability.ts';
import type { Figure } from './lib.ts';
import { SCENARIOS_EXTRA } from './scenarios.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
// `--shapes=10M/100k` keeps only the named scales of `commands` (as the figures label them), to re-measure one.
const shapesArg = args.find((a) => a.startsWith('--shapes='))?.slice(9).split(',');
// `--scale 10m` (or --scale=10m) adds the ten-million-answer scales to `commands`: they take a long time.
const scaleArg = args.find((a) => a.startsWith('--scale='))?.slice(8) ?? (args.includes('--scale') ? args[args.indexOf('--scale') + 1] : undefined);
const ten = scaleArg?.toLowerCase() === '10m' || !!shapesArg?.some((s) => s.startsWith('10M'));

/** Every scenario, by name; sizes shrink with --quick for a smoke run. */
const SCENARIOS: Record<string, () => Promise<Figure[]>> = {
  answer: () => answerPath(quick ? 10_000 : 100_000),
  commands: () => commands(scales(quick, ten).filter((s) => !shapesArg || shapesArg.includes(scaleLabel(s))), benchQuestions(), quick ? 30 : 200),
  durability: () => durability(quick ? 5_000 : 50_000),
  ...SCENARIOS_EXTRA(quick),
  // PostgreSQL engine and the async port; skipped with a note unless STEPWISE_BENCH_PG/STEPWISE_TEST_PG is set.
  pg: () => answerPathPg(quick),
  'two-instances': () => twoInstances(quick ? 400 : 2_000),
};

// Counts (integers) print as they are, not as "1.00"; a unit-less figure gets no trailing space.
const fmt = (n: number | undefined, unit = '') =>
  n === undefined ? '' : `${n >= 100 || Number.isInteger(n) ? Math.round(n).toLocaleString('en') : n.toFixed(n >= 10 ? 1 : 2)}${unit.trimEnd()}`;

function table(figures: Figure[]): string {
  const rows = figures.map((f) => [f.scenario, f.metric, fmt(f.value, f.unit === '/s' ? '/s' : ` ${f.unit}`), fmt(f.baseline, f.unit === '/s' ? '/s' : ` ${f.unit}`), f.ratio ? `${f.ratio.toFixed(2)}x` : '', f.target ?? '', f.pass === undefined ? '' : f.pass ? 'yes' : 'NO']);
  const head = ['scenario', 'metric', 'value', 'baseline', 'ratio', 'target', 'met'];
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const figures: Figure[] = [];
for (const [name, run] of Object.entries(SCENARIOS)) {
  if (only && !only.includes(name)) continue;
  process.stderr.write(`▶ ${name}\n`);
  figures.push(...(await run()));
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const date = new Date().toISOString();
if (json) console.log(JSON.stringify({ date, machine, quick, figures }, null, 2));
else console.log(`\n${table(figures)}\n`);

if (!only && !quick) {
  // Hand-written notes below this line (decisions drawn from the figures) survive a new run.
  const KEEP = '<!-- notes kept across runs -->';
  const file = join(import.meta.dirname, 'RESULTS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const notes = old.includes(KEEP) ? `\n${old.slice(old.indexOf(KEEP))}` : '';
  const md = `# Benchmark results

Latest full run of \`npm run bench\`: ${date} on ${machine}.

Every timing sits beside a baseline measured in the same run on the same machine, and the ratio
is what to compare between runs: the machines are shared and noisy. Ratios read "higher is better"
(rates: ours / baseline; times: baseline / ours).

${table(figures)}

The answer path has three baselines: "raw single-row transactions" (the answer row alone, one commit
each: what a naive bot pays), "raw inserts batched like ours" (the answer row alone, in transactions the
size of ours: the limit, as no answer path can store less than its answer), and "the same statements
without our code" (every statement our path ran, replayed in the same order and transactions with plain
better-sqlite3, or plain \`pg\` on PostgreSQL; they take turns with our path, a chunk of answers each: the ratio is the share of the time that is SQL rather than Stepwise's JavaScript; the
target is at least 0.5). In \`commands\`, \`help\` is the floor: a command that touches no store, so its
event-loop delay is the machine's own noise in that run.

See the scenario files in \`bench/\` for exactly what each figure measures.
${notes}`;
  writeFileSync(file, md);
  process.stderr.write('Wrote bench/RESULTS.md\n');
}
