import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPacks } from '../../../src/content/folder.ts';
import { escapePrompt } from '../../../src/content/import/escape.ts';
import { packToMarkdown } from '../../../src/content/import/to-markdown.ts';
import type { Draft } from '../../../src/content/import/types.ts';
import { tempDir } from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const draft = (over: Partial<Draft>): Draft => ({
  n: 1, where: 'line 1', prompt: 'Q?', options: [{ text: 'a' }, { text: 'b' }], answer: 0, difficulty: 'easy', notes: [], ...over,
});

function load(drafts: Draft[]) {
  const file = join(tmp.dir, 'p.md');
  writeFileSync(file, packToMarkdown({ id: 'p', title: 'T', source: 'bank.txt' }, drafts, drafts.length));
  return loadPacks(file);
}

describe('the Markdown writer', () => {
  it('escapes prompt lines the parser would misread, and only those, so they come back as prompt text', () => {
    const prompt = [
      'A) looks like an option', 'Z. so does this', 'answer: B', '  Difficulty : hard', 'takeaway: 2',
      '# a title', '## a block', '### Solution', '#### deeper is harmless', '#hashtag', 'a) lowercase is fine',
    ].join('\n');
    const { packs, problems } = load([draft({ prompt })]);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(packs[0]!.questions[0]!.prompt).toBe([
      'A\\) looks like an option', 'Z\\. so does this', 'answer\\: B', '  Difficulty \\: hard', 'takeaway\\: 2',
      '\\# a title', '\\## a block', '\\### Solution', '#### deeper is harmless', '#hashtag', 'a) lowercase is fine',
    ].join('\n'));
    expect(packs[0]!.questions[0]!.options.map((o) => o.text)).toEqual(['a', 'b']);
  });

  it('copies code blocks exactly, and escapes a fence that is never closed so it cannot swallow the options', () => {
    const code = 'Run it:\n```\n## not a heading\nA) not an option\nanswer: not a key\n```\n~~~\nx\n~~~';
    expect(escapePrompt(code)).toBe(code);
    const { packs, problems } = load([draft({ prompt: 'Look:\n```python\nprint(1)\n### still code' })]);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(packs[0]!.questions[0]!.prompt).toBe('Look:\n\\```python\nprint(1)\n\\### still code');
  });

  it('writes multi-line options and feedback on one line, and escapes a final answer that starts like a heading or fence', () => {
    const options = [{ text: '### big\nanswer' }, { text: 'two\n  lines', whyNot: 'because\nreasons' }, { text: '```js' }];
    const [first, third] = [draft({ options, answer: 0 }), draft({ n: 2, options, answer: 2, notes: ['```note', 'Feedback: x'] })];
    const { packs, problems } = load([first, third]);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const [q1, q2] = packs[0]!.questions;
    expect(q1!.options).toEqual([{ letter: 'A', text: '### big answer' }, { letter: 'B', text: 'two lines', whyNot: 'because reasons' }, { letter: 'C', text: '```js' }]);
    expect(q1!.finalAnswer).toBe('\\### big answer -> Option A');
    expect(q2!.finalAnswer).toBe('\\```js -> Option C');
    expect(q2!.steps[0]!.explanation).toContain('\\```note');
  });

  it('writes a pack whose only problems are TODO warnings: lesson, solution, quick check, hint, common mistakes', () => {
    const { packs, problems } = load([draft({ n: 3 })]);
    expect(packs).toHaveLength(1);
    expect(problems.map((p) => `${p.line}: ${p.severity}: ${p.message}`)).toEqual([
      '7: warning: lesson section "The big idea" is still a TODO placeholder',
      '10: warning: lesson section "Key takeaways" is still a TODO placeholder',
      '26: warning: question "p-003": the worked solution is still a TODO placeholder',
      '32: warning: question "p-003": "### Quick check" is still a TODO placeholder',
      '35: warning: question "p-003": "### Hint" is still a TODO placeholder',
      '38: warning: question "p-003": "### Common mistakes" is still a TODO placeholder',
    ]);
    const q = packs[0]!.questions[0]!;
    expect(q.steps).toEqual([{ title: 'TODO: write the worked solution', explanation: 'TODO: explain why A is right, step by step. (Imported from bank.txt, line 1.)' }]);
    expect(q.finalAnswer).toBe('a -> Option A');
  });
});
