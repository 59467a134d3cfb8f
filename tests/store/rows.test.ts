/** The drop row's question is parsed once per drop, and only trusted while its stored text is the same. */
import { describe, expect, it } from 'vitest';
import { toDrop, type DropRow } from '../../src/store/rows.ts';

const question = (answer: string) => ({
  id: 'q1', packId: 'p', difficulty: 'easy', prompt: 'Which?', options: [{ letter: 'A', text: 'a' }, { letter: 'B', text: 'b' }],
  answer, steps: [{ title: 't', explanation: 'e' }], finalAnswer: answer, quickCheck: '', hint: '', commonMistakes: [],
});

const row = (id: number, q: object | null): DropRow => ({
  id, platform: 'terminal', workspace: 'W', channel: 'C', pack_id: 'p', question_id: 'q1', difficulty: 'easy', schedule_id: null, slot: null,
  state: 'open', message_ref: null, failure: null, opened_at: 0, closes_at: 1, closed_at: null, created_by: null, reactions: 1,
  // A new string on each call, as each read of the column gives.
  question: q === null ? null : JSON.stringify(q),
});

describe('toDrop', () => {
  it('parses a drop\'s question once: later reads of the same text share it, frozen', () => {
    const first = toDrop(row(9_000_001, question('B'))).question;
    const again = toDrop(row(9_000_001, question('B'))).question;
    expect(again).toBe(first);
    expect(first).toEqual(question('B'));
    expect(Object.isFrozen(first) && Object.isFrozen(first!.options) && Object.isFrozen(first!.steps[0])).toBe(true);
  });

  it('parses afresh when the same id comes with other text (an id reused after an erase, another database)', () => {
    expect(toDrop(row(9_000_002, question('A'))).question?.answer).toBe('A');
    expect(toDrop(row(9_000_002, question('B'))).question?.answer).toBe('B');
    expect(toDrop(row(9_000_002, null)).question).toBeNull();
  });
});
