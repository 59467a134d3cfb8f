/**
 * `reload`: how long `/quiz reload` holds the event loop. The content is the shipped packs plus a
 * 1 MB pack (the ml-pipelines-ci questions repeated under new ids) and a 2 MB pack whose prompt is
 * one long run of spaces (the input that was quadratic). Baseline: the synchronous load start-up
 * uses, which blocks for its whole duration. Ours: the asynchronous load a running bot uses, with
 * its longest block measured two ways: perf_hooks.monitorEventLoopDelay (max delay of a 1 ms timer)
 * and the longest gap between setImmediate turns during the reload. Both include garbage
 * collection and any time the OS gave the CPU to another process, so on a busy machine they are
 * far above the loader's own work; the last figure isolates that work: the longest stretch between
 * two pauses of the loader, each stretch timed on every repeat and its minimum taken.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { loadPacks, loadPacksAsync, loadSteps } from '../src/content/folder.ts';
import { runSync, type Step } from '../src/content/steps.ts';
import { CONTENT, type Figure } from './lib.ts';

/** The shipped packs, a ~1 MB pack and a 2 MB pathological pack, in a temp folder. */
export function contentFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-reload-'));
  for (const f of readdirSync(CONTENT)) if (f.endsWith('.md') && f !== 'README.md') copyFileSync(join(CONTENT, f), join(dir, f));
  const src = readFileSync(join(CONTENT, '04-ml-pipelines-ci.md'), 'utf8');
  const [head, ...questions] = src.replace('id: ml-pipelines-ci', 'id: big').split('\n## Question: ');
  let text = head!;
  for (let i = 0; text.length < 1_000_000; i++) for (const q of questions) text += `\n## Question: big${i}-${q}`;
  writeFileSync(join(dir, '10-big.md'), text);
  const spaces = ' '.repeat(2_000_000);
  writeFileSync(
    join(dir, '11-spaces.md'),
    `# Pack: Spaces\nid: spaces\n## Lesson\n### The big idea\nx\n### Key takeaways\n- y\n## Question: sp1\ndifficulty: easy\nWhat${spaces}is it?\nA) a\nB) b\nanswer: A\n### Solution\n1. Read\n   It.\n### Final answer\na\n### Quick check\nok\n### Hint\nh\n### Common mistakes\n- m\n`,
  );
  return dir;
}

/** Runs `work` while measuring the event loop: max timer delay and the longest gap between turns (ms). */
async function measure(work: () => Promise<unknown>): Promise<{ delayMax: number; gapMax: number; total: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  let gapMax = 0;
  let last = performance.now();
  let running = true;
  const turn = () => {
    const now = performance.now();
    gapMax = Math.max(gapMax, now - last);
    last = now;
    if (running) setImmediate(turn);
  };
  h.enable();
  setImmediate(turn);
  const start = performance.now();
  await work();
  const total = performance.now() - start;
  running = false;
  h.disable();
  return { delayMax: h.max / 1e6, gapMax, total };
}

/** The time of each stretch of work between two steps of the loader (file calls answered, not timed). */
function stretches(dir: string): number[] {
  const answer = (step: Step) => runSync((function* () { return yield step; })());
  const out: number[] = [];
  const steps = loadSteps(dir);
  let t = performance.now();
  let next = steps.next();
  while (!next.done) {
    out.push(performance.now() - t);
    const reply = next.value.op === 'pause' ? undefined : answer(next.value);
    t = performance.now();
    next = steps.next(reply);
  }
  return out;
}

export async function reload(repeats: number): Promise<Figure[]> {
  const dir = contentFolder();
  try {
    const sync: number[] = [];
    const async: { delayMax: number; gapMax: number; total: number }[] = [];
    loadPacks(dir); // warm up the JIT so both sides run optimized code
    for (let i = 0; i < repeats; i++) {
      const t = performance.now();
      const loaded = loadPacks(dir);
      sync.push(performance.now() - t);
      if (loaded.packs.length !== 6) throw new Error(`expected 6 packs, got ${loaded.packs.length}`);
      async.push(await measure(() => loadPacksAsync(dir)));
    }
    const timed = Array.from({ length: Math.max(repeats, 5) }, () => stretches(dir));
    const slice = Math.max(...timed[0]!.map((_, i) => Math.min(...timed.map((run) => run[i] ?? Infinity))));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const block = median(sync);
    const gap = median(async.map((a) => a.gapMax));
    const delay = median(async.map((a) => a.delayMax));
    return [
      { scenario: 'reload', metric: 'longest event-loop block (gap between turns), ms', value: gap, unit: 'ms', baseline: block, ratio: block / gap },
      { scenario: 'reload', metric: 'monitorEventLoopDelay max, ms', value: delay, unit: 'ms', baseline: block, ratio: block / delay },
      { scenario: 'reload', metric: 'longest work between two pauses (min of repeats), ms', value: slice, unit: 'ms', baseline: block, ratio: block / slice, target: '≤ 5 ms', pass: slice <= 5 },
      { scenario: 'reload', metric: 'whole async reload, ms (baseline: sync load)', value: median(async.map((a) => a.total)), unit: 'ms', baseline: block, ratio: block / median(async.map((a) => a.total)) },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
