import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/content/import/errors.ts';
import { importBank } from '../../../src/content/import/run.ts';
import { DEFAULTS, importAndLoad, rightText, sample, tempDir } from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('Open Trivia DB import', () => {
  it('decodes entities, keeps difficulty, takes a single category as the topic; the pack loads with warnings only', () => {
    const { result, pack, errors } = importAndLoad(tmp.dir, 'opentdb', sample('opentdb-valid.json'), 'otdb');
    expect(result.skipped).toEqual([]);
    expect(errors).toEqual([]);
    expect(pack!.topic).toBe('Entertainment: Video Games');
    const qs = pack!.questions;
    expect(qs.map((q) => q.difficulty)).toEqual(['easy', 'medium', 'hard', 'easy']);
    expect(qs.map((q) => q.prompt)).toEqual([
      'In "Portal", what is the name of the AI that guides you?',
      "'Minecraft' was first released in 2009.",
      'Which symbol is π (π)?',
      'The Nintendo 64 used cartridges &amp; discs.', // one decoding pass: &amp;amp; is a literal "&amp;"
    ]);
    expect(qs[0]!.options.map((o) => o.text)).toContain('Café & Co');
  });

  it('puts the right answer where the file says, whatever the shuffle did', () => {
    const { pack } = importAndLoad(tmp.dir, 'opentdb', sample('opentdb-valid.json'), 'otdb');
    expect(pack!.questions.map(rightText)).toEqual(['GLaDOS', 'True', 'Pi – “3.14”', 'False']);
  });

  it('maps boolean questions to A) True and B) False, in that order', () => {
    const { pack } = importAndLoad(tmp.dir, 'opentdb', sample('opentdb-valid.json'), 'otdb');
    const [, yes, , no] = pack!.questions;
    expect([yes!.options.map((o) => o.text), yes!.answer, no!.answer]).toEqual([['True', 'False'], 'A', 'B']);
  });

  it('shuffles deterministically: the same file twice gives an identical pack, and not every answer is A', () => {
    const a = importAndLoad(tmp.dir, 'opentdb', sample('opentdb-valid.json'), 'otdb');
    const b = importAndLoad(tmp.dir, 'opentdb', sample('opentdb-valid.json'), 'otdb');
    expect(b.md).toBe(a.md);
    const multiple = a.pack!.questions.filter((q) => q.options.length === 4);
    expect(multiple.map((q) => q.answer)).not.toEqual(['A', 'A']);
    const kept = importBank('opentdb', sample('opentdb-valid.json'), { ...DEFAULTS, keepOrder: true });
    expect(kept.drafts[0]!.options.map((o) => o.text)).toEqual(['GLaDOS', 'HAL 9000', 'Café & Co', 'SHODAN']);
  });

  it('reports malformed entries by index and reason, and uses --difficulty for an unknown level', () => {
    const { result, pack, errors } = importAndLoad(tmp.dir, 'opentdb', sample('opentdb-malformed.json'), 'mal', { difficulty: 'hard' });
    expect(result.skipped.map((s) => `${s.where}: ${s.reason}`)).toEqual([
      'results[0]: type "text" is not supported (only multiple and boolean)',
      'results[1]: no "question" text',
      'results[2]: 1 option(s); a pack question has 2 to 6',
      'results[3]: a boolean question whose correct_answer is "Maybe", not True or False',
      'results[4]: not an object',
    ]);
    expect(errors).toEqual([]);
    const q = pack!.questions[0]!;
    expect([q.id, q.difficulty, q.prompt, rightText(q)]).toEqual(['mal-006', 'hard', 'H<sub>2</sub>O is?', 'Water']);
    // Several categories: no topic, each question notes its own.
    expect(pack!.topic).toBeUndefined();
    expect(q.steps[0]!.explanation).toContain('Category in Open Trivia DB: Science');
  });

  it.each([
    ['broken JSON', '{ "results": [', /^not valid JSON \(/],
    ['no results array', '{ "response_code": 0 }', /^no "results" array: not an Open Trivia DB response$/],
    ['an error response', '{ "response_code": 5, "results": [] }', /^the response says response_code 5 \(rate limit\) and has no results$/],
  ])('refuses %s as unreadable', (_name, text, message) => {
    expect(() => importBank('opentdb', text, DEFAULTS)).toThrow(ImportError);
    expect(() => importBank('opentdb', text, DEFAULTS)).toThrow(message);
  });
});
