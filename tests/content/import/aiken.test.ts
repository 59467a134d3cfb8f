import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importBank } from '../../../src/content/import/run.ts';
import { DEFAULTS, importAndLoad, rightText, sample, tempDir } from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('Aiken import', () => {
  it('reads every valid question and writes a pack that loads with warnings only', () => {
    const { result, pack, errors, problems } = importAndLoad(tmp.dir, 'aiken', sample('aiken-valid.txt'), 'aik');
    expect(result.skipped).toEqual([]);
    expect(errors).toEqual([]);
    expect(problems.length).toBeGreaterThan(0);
    expect(pack!.questions.map((q) => q.id)).toEqual(['aik-001', 'aik-002', 'aik-003', 'aik-004']);
    expect(pack!.questions.map((q) => q.answer)).toEqual(['B', 'C', 'B', 'A']);
    expect(pack!.questions.map(rightText)).toEqual(['Paris', 'Data preparation', '2', 'looks like an option, but it is where the options start']);
    expect(pack!.questions.every((q) => q.difficulty === 'medium')).toBe(true);
  });

  it('keeps multi-line text and code blocks (blank lines inside included), and escapes lines the parser would misread', () => {
    const { pack } = importAndLoad(tmp.dir, 'aiken', sample('aiken-valid.txt'), 'aik');
    const [, two, three, four] = pack!.questions;
    expect(two!.prompt).toBe('Which stage comes first\nin the ML lifecycle?');
    expect(three!.prompt).toBe("What does this code print?\n\n```python\nstages = ['a', 'b']\n\nprint(len(stages))\n```");
    expect(four!.prompt).toBe('\\# Not a heading: a line of the question\nanswer\\: this line is part of the question too');
    expect(four!.options).toHaveLength(2);
  });

  it('reports malformed questions with their line and reason, skips them, and still imports the rest', () => {
    const { result, pack, errors } = importAndLoad(tmp.dir, 'aiken', sample('aiken-malformed.txt'), 'bad');
    expect(result.skipped.map((s) => `${s.where}: ${s.reason}`)).toEqual([
      'line 1: missing the "ANSWER: <letter>" line after the options',
      'line 5: ANSWER E on line 8 is not among the options (A, B)',
      'line 10: option C on line 12 is out of order; expected B',
      'line 16: 7 option(s); a pack question has 2 to 6',
      'line 26: no options ("A. text" or "A) text")',
    ]);
    expect(errors).toEqual([]);
    // Ids count skipped questions, so the survivor keeps its place in the bank.
    expect(pack!.questions.map((q) => q.id)).toEqual(['bad-006']);
    expect(pack!.questions[0]!.prompt).toBe('Still fine after all that?');
  });

  it('treats a blank line before the options as part of the question, and a text line after options as a new question', () => {
    const text = 'Q1?\n\nA. a\nB. b\n\nANSWER: B\n\nQ2?\nA. x\nB. y\nQ3 without a blank line before it?\nA. x\nB. y\nANSWER: A\n';
    const { drafts, skipped } = importBank('aiken', text, DEFAULTS);
    expect(drafts.map((d) => [d.n, d.prompt, d.answer])).toEqual([[1, 'Q1?', 1], [3, 'Q3 without a blank line before it?', 0]]);
    expect(skipped).toEqual([{ n: 2, where: 'line 8', reason: 'missing the "ANSWER: <letter>" line after the options' }]);
  });

  it('says when a code block in the question is never closed', () => {
    const { skipped } = importBank('aiken', 'What?\n```\ncode\nA. x\nB. y\nANSWER: A\n', DEFAULTS);
    expect(skipped[0]!.reason).toBe('no options: a code block (```) in the question is never closed');
  });

  it('applies --difficulty and gives the same file on a second import', () => {
    const a = importAndLoad(tmp.dir, 'aiken', sample('aiken-valid.txt'), 'aik', { difficulty: 'hard' });
    const b = importAndLoad(tmp.dir, 'aiken', sample('aiken-valid.txt'), 'aik', { difficulty: 'hard' });
    expect(a.pack!.questions.every((q) => q.difficulty === 'hard')).toBe(true);
    expect(b.md).toBe(a.md);
  });
});
