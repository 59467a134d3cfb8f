import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importBank } from '../../../src/content/import/run.ts';
import { DEFAULTS, importAndLoad, rightText, sample, tempDir } from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('GIFT import', () => {
  it('reads multiple choice with names, comments, a category, multi-line blocks and escapes; the pack loads with warnings only', () => {
    const { result, pack, errors } = importAndLoad(tmp.dir, 'gift', sample('gift-valid.gift'), 'gift');
    expect(result.skipped).toEqual([]);
    expect(errors).toEqual([]);
    expect(pack!.topic).toBe('Capitals');
    const qs = pack!.questions;
    expect(qs.map((q) => q.id)).toEqual(['gift-001', 'gift-002', 'gift-003', 'gift-004', 'gift-005']);
    expect(qs.map(rightText)).toEqual(['Paris', 'entombed', '{"a": 1}', '6', 'the right one']);
    expect(qs[0]!.prompt).toBe('What is the capital of France?');
    expect(qs[2]!.prompt).toBe('Which one is a valid { JSON } object with 1 = 1 #1 : ~ish?');
    expect(qs[2]!.options.map((o) => o.text).sort()).toEqual(['[1, 2]', 'a = 1', '{"a": 1}']);
  });

  it('keeps a missing-word question, with the blank where the answers were', () => {
    const { pack } = importAndLoad(tmp.dir, 'gift', sample('gift-valid.gift'), 'gift');
    expect(pack!.questions[1]!.prompt).toBe("Grant is _____ in Grant's tomb.");
  });

  it("uses a wrong answer's feedback as its Why-not line, and notes the name and other feedback under the solution", () => {
    const { pack } = importAndLoad(tmp.dir, 'gift', sample('gift-valid.gift'), 'gift');
    const [france, grant, json, code] = pack!.questions;
    expect(france!.options.find((o) => o.text === 'Berlin')!.whyNot).toBe('Berlin is the capital of Germany.');
    expect(france!.options.find((o) => o.text === 'Madrid')!.whyNot).toBeUndefined();
    expect(grant!.options.find((o) => o.text === 'living')!.whyNot).toBe('Living people are not in tombs.');
    expect(code!.options.find((o) => o.text === '123')!.whyNot).toBe('Concatenating digits is not summing.');
    expect(france!.steps[0]!.explanation).toContain('Question name in the bank: Capital of France');
    expect(france!.steps[0]!.explanation).toContain('Feedback for the right answer in the bank: Right: Paris has been the capital since 987.');
    expect(json!.steps[0]!.explanation).toContain('General feedback in the bank: General feedback: JSON objects use braces.');
  });

  it('keeps a [markdown] code block and escapes text lines that look like options or sections', () => {
    const { pack } = importAndLoad(tmp.dir, 'gift', sample('gift-valid.gift'), 'gift');
    expect(pack!.questions[3]!.prompt).toBe('What does this print?\n```python\nprint(sum([1, 2, 3]))\n```');
    expect(pack!.questions[4]!.prompt).toBe('A\\) a line that looks like an option\n\\### and one that looks like a section\nWhich is it?');
  });

  it('reports each unsupported construct at the line its question starts, skips it, and never guesses', () => {
    const { result, pack, errors } = importAndLoad(tmp.dir, 'gift', sample('gift-unsupported.gift'), 'uns');
    expect(result.skipped.map((s) => `${s.where}: ${s.reason}`)).toEqual([
      'line 2: essay question ({}) is not supported',
      'line 4: numeric question ({#…}) is not supported',
      'line 6: matching question ({=a -> b …}) is not supported',
      'line 11: short-answer question (only "=" answers, no "~") is not supported',
      'line 13: true/false question ({T}, {F}) is not supported',
      'line 15: weighted answers (~%50%…, partial credit) are not supported',
      'line 17: no answer block { … }: a description, not a question',
      'line 19: the answer block "{" is never closed (a blank line inside it ends the question)',
      'line 21: no right answer ("=") among the answers',
    ]);
    expect(errors).toEqual([]);
    expect(pack!.questions.map((q) => [q.id, q.prompt])).toEqual([['uns-010', 'Still imported?']]);
  });

  it.each([
    ['an unclosed block', 'Q {=a ~b\n\n~c}\n', 'the answer block "{" is never closed (a blank line inside it ends the question)'],
    ['a stray closing brace', 'Q } {=a ~b}\n', 'a "}" without its "{" (write a literal brace as \\{ or \\})'],
    ['two right answers', 'Q {=a =b ~c}\n', '2 right answers ("="); a pack question has exactly one'],
    ['two blocks', 'Q {=a ~b} and {=c ~d}\n', 'more than one answer block { … }'],
    ['an empty answer', 'Q {=a ~ ~b}\n', 'an answer in { } is empty'],
    ['text before the answers', 'Q {oops =a ~b}\n', 'text before the first answer in { }: "oops"'],
    ['no question text', '::Name:: {=a ~b}\n', 'no question text'],
    ['an unclosed name', '::Name {=a ~b}\n', 'the "::title::" is never closed'],
    ['seven answers', 'Q {=1 ~2 ~3 ~4 ~5 ~6 ~7}\n', '7 answers; a pack question has 2 to 6 options'],
    ['true/false with feedback', 'Q {T#no#yes}\n', 'true/false question ({T}, {F}) is not supported'],
  ])('skips %s with a reason', (_name, text, reason) => {
    expect(importBank('gift', text, DEFAULTS).skipped[0]).toEqual({ n: 1, where: 'line 1', reason });
  });

  it('shuffles options with the question as the seed (same order every time), or keeps file order with keepOrder', () => {
    const text = 'Pick the first letter {=a ~b ~c ~d ~e}\n';
    const once = importBank('gift', text, DEFAULTS).drafts[0]!;
    const again = importBank('gift', text, DEFAULTS).drafts[0]!;
    expect(again.options).toEqual(once.options);
    expect(once.options[once.answer]!.text).toBe('a');
    expect(once.options.map((o) => o.text)).not.toEqual(['a', 'b', 'c', 'd', 'e']);
    const kept = importBank('gift', text, { ...DEFAULTS, keepOrder: true }).drafts[0]!;
    expect([kept.options.map((o) => o.text), kept.answer]).toEqual([['a', 'b', 'c', 'd', 'e'], 0]);
  });

  it('reads \\n as a line break and \\\\ as a backslash, as Moodle does', () => {
    const d = importBank('gift', 'Line one\\nC:\\\\temp {=a ~b}\n', DEFAULTS).drafts[0]!;
    expect(d.prompt).toBe('Line one\nC:\\temp');
  });
});
