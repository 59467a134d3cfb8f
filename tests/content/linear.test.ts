import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPacks, loadPacksAsync } from '../../src/content/folder.ts';
import { importBank } from '../../src/content/import/run.ts';
import { parsePack } from '../../src/content/parse-pack.ts';
import { runAsync, type Step, type Steps } from '../../src/content/steps.ts';

// Each input below took hours with the quadratic patterns (`/\s+$/` per line, `(.*?)\s*$`,
// `/[ \t]+$/gm`): 40 KB already took 2.3 s. Linear code reads 2 MB in well under a second, so the
// test timeout is the bound on work; no timing is asserted.
const RUN = 2_000_000;
const spaces = ' '.repeat(RUN);
const options = { difficulty: 'easy' as const, keepOrder: true };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-linear-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A valid pack whose prompt line holds a 2 MB run of spaces between two words. */
function pathologicalPack(): string {
  return [
    '# Pack: Spaces', 'id: spaces', '', '## Lesson', '### The big idea', `Ideas${spaces}end.`, '### Key takeaways', '- One', '',
    '## Question: q1', 'difficulty: easy', `What${spaces}is 1 + 1?`, 'A) 1', 'B) 2', 'answer: B',
    '### Solution', '1. Add', `   One plus${spaces}one is two.`, '### Final answer', '2 -> Option B', '### Quick check', 'ok',
    '### Hint', 'Count', '### Common mistakes', '- Multiplying', '',
  ].join('\n');
}

describe('parsing is linear in the length of a line', () => {
  it('a pack with 2 MB runs of spaces in the lesson, the prompt and a step parses, sync and async', async () => {
    writeFileSync(join(dir, 'p.md'), pathologicalPack()); // 6 MB: above the file cap, so parsed directly
    const parsed = parsePack(pathologicalPack(), 'p.md');
    expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(parsed.pack!.questions[0]!.steps[0]!.explanation).toBe(`One plus${spaces}one is two.`);
    // One run keeps the file under the 4 MiB cap: through the real loader.
    writeFileSync(join(dir, 'p.md'), pathologicalPack().replace(`Ideas${spaces}end.`, 'Ideas.').replace(`One plus${spaces}one`, 'One plus one'));
    for (const { packs, problems } of [loadPacks(dir), await loadPacksAsync(dir)]) {
      expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(packs[0]!.questions[0]!.prompt).toBe(`What${spaces}is 1 + 1?`);
    }
  });

  it('trailing spaces are still cut from every line', () => {
    writeFileSync(join(dir, 'p.md'), pathologicalPack().replace('What', `What${' '.repeat(10)}?${spaces}`).replace(`Ideas${spaces}end.`, 'Ideas.').replace(`One plus${spaces}one`, 'One plus one'));
    const { packs } = loadPacks(dir);
    expect(packs[0]!.questions[0]!.prompt.startsWith(`What${' '.repeat(10)}?${spaces}`)).toBe(true);
    writeFileSync(join(dir, 'p.md'), pathologicalPack().replace(`What${spaces}is 1 + 1?`, `What?${spaces}`).replace(`Ideas${spaces}end.`, 'Ideas.').replace(`One plus${spaces}one`, 'One plus one'));
    expect(loadPacks(dir).packs[0]!.questions[0]!.prompt).toBe('What?');
  });

  it('the Aiken importer reads a 2 MB run of spaces in a question, an option and the ANSWER line', () => {
    const bank = `What${spaces}is it?\nA)${spaces}x\nB) y${spaces}\nANSWER:${spaces}A${spaces}\n\nOnly spaces?\nA)${spaces}\nB) y\nANSWER: B\n`;
    const result = importBank('aiken', bank, options);
    expect(result.drafts).toHaveLength(1);
    expect(result.drafts[0]!.prompt).toBe(`What${spaces}is it?`);
    expect(result.drafts[0]!.options).toEqual([{ text: 'x' }, { text: 'y' }]);
    // "A)" followed by spaces only is not an option, as before; that question is skipped.
    expect(result.skipped).toHaveLength(1);
  });

  it('the GIFT importer reads a 2 MB run of spaces and tabs inside a line', () => {
    const bank = `::t:: What${spaces}\t${spaces}is it?   \n{=yes ~no}\n`;
    const result = importBank('gift', bank, options);
    expect(result.drafts[0]!.prompt).toBe(`What${spaces}\t${spaces}is it?`);
  });
});

describe('a reload lets the event loop run while it parses', () => {
  it('the async loader gives the loop a turn at pauses: many turns for a large pack, and the same result as the sync load', async () => {
    // 300 questions: the loader pauses between blocks, and with a 0 ms slice it yields at every pause.
    const question = (i: number) =>
      `## Question: q${i}\ndifficulty: easy\nWhat is ${i}?\nA) ${i}\nB) no\nanswer: A\n### Solution\n1. Read\n   It says ${i}.\n### Final answer\n${i}\n### Quick check\nok\n### Hint\nh\n### Common mistakes\n- m\n`;
    writeFileSync(join(dir, 'p.md'), `# Pack: Many\nid: many\n## Lesson\n### The big idea\nx\n### Key takeaways\n- y\n${Array.from({ length: 300 }, (_, i) => question(i)).join('\n')}`);
    let turns = 0;
    let running = true;
    const tick = () => {
      turns += 1;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const loaded = await loadPacksAsync(dir, 0);
    running = false;
    expect(turns).toBeGreaterThan(300);
    expect(loaded).toEqual(loadPacks(dir));
  });

  it('without a pause the driver does not yield: it is the pauses that give the turns', async () => {
    function* noPauses(): Steps<number> {
      let sum = 0;
      for (let i = 0; i < 1000; i++) sum += i;
      return sum;
    }
    function* pauses(): Steps<number> {
      for (let i = 0; i < 50; i++) yield { op: 'pause' } as Step;
      return 50;
    }
    for (const [steps, expected] of [[noPauses(), 0], [pauses(), 50]] as const) {
      let turns = 0;
      let running = true;
      const tick = () => {
        turns += 1;
        if (running) setImmediate(tick);
      };
      setImmediate(tick);
      await runAsync(steps, 0);
      running = false;
      expect(turns).toBe(expected);
    }
  });
});
