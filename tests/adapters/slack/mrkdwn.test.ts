/** Slack text limits and Markdown → mrkdwn: inline code kept, emoji never cut, long solutions split, not clipped. */
import { describe, expect, it } from 'vitest';
import { section } from '../../../src/adapters/slack/blocks.ts';
import { clip, markdownToMrkdwn, splitMrkdwn } from '../../../src/adapters/slack/mrkdwn.ts';
import { feedbackMessage } from '../../../src/adapters/slack/render.ts';
import type { FeedbackView } from '../../../src/core/views.ts';
import { blockProblem } from '../../fakes/slack/block-kit.ts';

describe('mrkdwn', () => {
  it('keeps __x__ and **x** inside inline code as written, converts them outside', () => {
    expect(markdownToMrkdwn('call `__init__` with `**kwargs`, but **this** is bold and __that__ italic')).toBe(
      'call `__init__` with `**kwargs`, but *this* is bold and _that_ italic',
    );
  });

  it('never cuts inside a surrogate pair', () => {
    const text = `${'a'.repeat(2994)}😀${'b'.repeat(100)}`;
    const cut = clip(text, 3000);
    expect(cut.length).toBeLessThanOrEqual(3000);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    for (const piece of splitMrkdwn(`${'x'.repeat(2995)}😀😀😀`, 3000)) expect(piece).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
  });

  it('sets verbatim: true on mrkdwn, so content’s bare URLs and #names are not linkified', () => {
    expect(section('see #general')).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'see #general', verbatim: true } });
  });

  it('splits long text at line breaks into pieces within the limit, closing and reopening a cut code block', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `line ${i} ${'z'.repeat(60)}`);
    const text = ['before', '```', ...lines, '```', 'the end'].join('\n');
    const pieces = splitMrkdwn(text, 3000);
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect((p.match(/```/g) ?? []).length % 2).toBe(0);
    }
    const joined = pieces.join('\n');
    for (const l of lines) expect(joined).toContain(l);
    expect(pieces.at(-1)).toContain('the end');
    // One line longer than a section is cut at the limit, nothing lost.
    const long = splitMrkdwn('y'.repeat(7000), 3000);
    expect(long.join('')).toBe('y'.repeat(7000));
  });
});

describe('a long worked solution', () => {
  it('goes over several sections, every one within Slack’s 3,000, and the final answer arrives', () => {
    const view: FeedbackView = {
      kind: 'feedback',
      dropId: 7,
      questionId: 'q-7',
      packTitle: 'Pack',
      difficulty: 'hard',
      prompt: 'Q?',
      chosen: 'A',
      correct: false,
      points: 0,
      solution: {
        correctLetter: 'B',
        correctText: 'the right one',
        steps: Array.from({ length: 8 }, (_, i) => ({ title: `Step ${i + 1}`, explanation: `${'explain '.repeat(150)}` })),
        finalAnswer: 'B, because the last step says so',
        quickCheck: 'check',
        commonMistakes: [],
        hint: '',
      },
    };
    const msg = feedbackMessage(view);
    expect(blockProblem(msg.blocks, 'message')).toBeUndefined();
    const texts = msg.blocks.map((b) => (b.type === 'section' && b.text ? b.text.text : ''));
    expect(texts.filter((t) => t.includes('Step ')).length).toBeGreaterThan(1);
    expect(texts.join('\n')).toContain('*8. Step 8*');
    expect(texts.join('\n')).toContain('*Final answer:* B, because the last step says so');
  });
});
