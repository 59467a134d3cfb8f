/** Suggestions in Block Kit: the queue within Slack's limits, modals the fake's views.open accepts, credit that never pings. */
import { describe, expect, it } from 'vitest';
import { errorsByBlock, formModal, formValues, parseFormMetadata } from '../../../src/adapters/slack/forms.ts';
import { renderView, revealMessage } from '../../../src/adapters/slack/render.ts';
import { statsMessage } from '../../../src/adapters/slack/render-lists.ts';
import type { FormView, RevealView, StatsView, SuggestionItem, SuggestionsView } from '../../../src/core/views.ts';
import { blockProblem } from '../../fakes/slack/block-kit.ts';
import { modalProblems } from '../../fakes/slack/views.ts';
import { T0 } from './harness.ts';

const item = (id: number, over: Partial<SuggestionItem> = {}): SuggestionItem => ({
  id,
  authorName: 'Mia',
  createdAt: T0,
  prompt: `What does a feature store keep? (${id})`,
  options: [
    { letter: 'A', text: 'Raw logs' },
    { letter: 'B', text: 'Features, versioned' },
    { letter: 'C', text: 'Model weights' },
    { letter: 'D', text: 'Dashboards' },
  ],
  answer: 'B',
  steps: 'Features are computed once.\nCheck: both training and serving read them.',
  hint: 'Think of reuse.',
  ...over,
});

const suggestForm: FormView = {
  form: 'suggest',
  title: 'Suggest a question',
  submit: 'Send',
  fields: [
    { name: 'prompt', label: 'Question', style: 'paragraph', required: true, minLength: 10, maxLength: 500, placeholder: 'What does …?' },
    { name: 'options', label: 'Options, one per line (2 to 6)', style: 'paragraph', required: true, maxLength: 1000 },
    { name: 'answer', label: 'Right option (letter)', style: 'short', required: true, maxLength: 1 },
    { name: 'steps', label: 'Explanation, one step per line', style: 'paragraph', required: true, maxLength: 3000 },
    { name: 'hint', label: 'Hint', style: 'short', required: false, maxLength: 200 },
  ],
};

const texts = (blocks: unknown) => JSON.stringify(blocks);

describe('the suggestion queue', () => {
  it('shows at most 5 with Approve / Edit / Reject (value = id), says how many more, and lists the text commands', () => {
    const view: SuggestionsView = { kind: 'suggestions', items: Array.from({ length: 7 }, (_, i) => item(i + 1)), pending: 12 };
    const msg = renderView(view, { tz: 'UTC' });
    expect(blockProblem(msg.blocks, 'message')).toBeUndefined();
    const actions = msg.blocks.filter((b) => b.type === 'actions') as { block_id: string; elements: { action_id: string; value: string; style?: string }[] }[];
    expect(actions.map((a) => a.block_id)).toEqual(['stepwise_sg_1', 'stepwise_sg_2', 'stepwise_sg_3', 'stepwise_sg_4', 'stepwise_sg_5']);
    expect(actions[0]!.elements.map((e) => [e.action_id, e.value, e.style])).toEqual([
      ['stepwise_sg_approve', '1', 'primary'],
      ['stepwise_sg_edit', '1', undefined],
      ['stepwise_sg_reject', '1', 'danger'],
    ]);
    const all = texts(msg.blocks);
    expect(all).toContain('12 suggestions waiting');
    expect(all).toContain('…and 7 more');
    expect(all).toContain('✅ *B)* Features, versioned');
    expect(all).toContain('▫️ *A)* Raw logs');
    expect(all).toContain('Check: both training and serving read them.');
    expect(all).toContain('*Hint:* Think of reuse.');
    expect(all).toContain('Suggested by *Mia*');
    expect(all).toMatch(/<!date\^\d+\^\{date_short_pretty\} at \{time\}\|/);
    expect(all).toContain('/quiz suggestions approve <id>');
    expect(all).toContain('/quiz suggestions reject <id> [reason:');
    expect(msg.text).toContain('#1 by Mia');
  });

  it('stays within Block Kit limits with the longest texts, and escapes whatever a member wrote', () => {
    const long = 'x'.repeat(3000);
    const items = Array.from({ length: 5 }, (_, i) =>
      item(i + 1, { prompt: `<!everyone> ${long}`, options: Array.from({ length: 6 }, (_, j) => ({ letter: 'ABCDEF'[j]!, text: long })), steps: long, hint: long, authorName: '<!channel> @here', editedBy: '<@U0ADMIN01>' }),
    );
    const msg = renderView({ kind: 'suggestions', items, pending: 5 }, { tz: 'UTC' });
    expect(blockProblem(msg.blocks, 'message')).toBeUndefined();
    // The only markup left is the adapter's own date.
    const all = (texts(msg.blocks) + msg.text).replace(/<!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^<>]*>/g, '');
    expect(all.match(/<[!@][^>]{0,40}/g) ?? []).toEqual([]);
    expect(all).toContain('&lt;!channel&gt; @\u2060here');
  });

  it('an empty queue says so', () => {
    const msg = renderView({ kind: 'suggestions', items: [], pending: 0 }, { tz: 'UTC' });
    expect(texts(msg.blocks)).toContain('No suggestions are waiting');
  });
});

describe('forms as modals', () => {
  it('turns a FormView into a modal the fake’s views.open accepts: 5 inputs, block_id = field name, action_id value', () => {
    const modal = formModal(suggestForm, 'C0QUIZ001');
    expect(modalProblems(modal)).toEqual([]);
    expect(modal).toMatchObject({ type: 'modal', callback_id: 'stepwise_form', title: { text: 'Suggest a question' }, submit: { text: 'Send' } });
    expect(JSON.parse(modal.private_metadata!)).toEqual({ form: 'suggest', channel: 'C0QUIZ001' });
    const inputs = modal.blocks as { type: string; block_id: string; optional: boolean; element: Record<string, unknown> }[];
    expect(inputs.map((b) => [b.type, b.block_id, b.optional])).toEqual([
      ['input', 'prompt', false],
      ['input', 'options', false],
      ['input', 'answer', false],
      ['input', 'steps', false],
      ['input', 'hint', true],
    ]);
    expect(inputs[0]!.element).toMatchObject({ type: 'plain_text_input', action_id: 'value', multiline: true, min_length: 10, max_length: 500, placeholder: { text: 'What does …?' } });
    expect(inputs[2]!.element).toMatchObject({ multiline: false, max_length: 1 });
  });

  it('clips what Slack would refuse, and prefills an edit with its key in private_metadata', () => {
    const edit: FormView = {
      form: 'edit',
      key: '7',
      title: 'Edit suggestion #7 before approval',
      submit: 'Save the edited suggestion',
      fields: [{ name: 'prompt', label: 'L'.repeat(2500), style: 'paragraph', required: true, maxLength: 4000, minLength: 5000, placeholder: 'p'.repeat(200), value: 'The old prompt' }],
    };
    const modal = formModal(edit, 'C0QUIZ001');
    expect(modalProblems(modal)).toEqual([]);
    expect(parseFormMetadata(modal.private_metadata)).toEqual({ form: 'edit', key: '7', channel: 'C0QUIZ001' });
    expect((modal.blocks[0] as { element: { initial_value: string } }).element.initial_value).toBe('The old prompt');
  });

  it('reads submitted values and refuses metadata that is not ours', () => {
    expect(formValues({ prompt: { value: { value: 'Q?' } }, hint: { value: { value: null } } })).toEqual({ prompt: 'Q?', hint: '' });
    for (const bad of ['', 'nope', '{"form":"drop","channel":"C0QUIZ001"}', '{"form":"suggest"}', '{"form":"suggest","channel":"<!here>"}']) expect(parseFormMetadata(bad)).toBeUndefined();
    expect(errorsByBlock({ answer: 'Pick one of A-D.', other: 'Too many suggestions today.' }, ['prompt', 'answer'])).toEqual({ answer: 'Pick one of A-D.', prompt: 'Too many suggestions today.' });
  });
});

describe('credit and stats', () => {
  const solution = { correctLetter: 'B', correctText: 'x', steps: [], finalAnswer: 'x', quickCheck: 'x', commonMistakes: [], hint: 'x' };
  const reveal = (credit?: string): RevealView => ({ kind: 'reveal', dropId: 3, packTitle: 'P', difficulty: 'easy', prompt: 'Q', options: [{ letter: 'B', text: 'x', count: 1 }], total: 1, winners: ['Ada'], moreWinners: 0, solution, ...(credit ? { credit } : {}) });

  it('the reveal credits the author as escaped text that can never ping', () => {
    expect(texts(revealMessage(reveal('Mia')).blocks)).toContain('💡 Suggested by Mia');
    expect(texts(revealMessage(reveal()).blocks)).not.toContain('Suggested by');
    for (const name of ['<!everyone>', '<!here|here>', '<@U0ADMIN01>', '@channel', '<!subteam^S0TUTORS>']) {
      const all = texts(revealMessage(reveal(name)).blocks);
      expect(all).not.toMatch(/<[!@]/);
      expect(all).not.toMatch(/@(channel|here|everyone)\b/);
    }
    expect(texts(revealMessage(reveal('<!everyone>')).blocks)).toContain('Suggested by &lt;!everyone&gt;');
  });

  it('stats count approved suggestions when there are any', () => {
    const stats = (suggested?: number): StatsView => ({ kind: 'stats', userId: 'U1', name: 'Mia', points: 3, correct: 1, answered: 2, accuracy: 0.5, streak: 1, bestStreak: 1, packs: [], mastery: [], reviews: { done: 0, due: 0, nextDue: null }, ...(suggested !== undefined ? { suggested } : {}) });
    expect(texts(statsMessage(stats(2), 'UTC').blocks)).toContain('Suggested questions approved:* 2');
    expect(texts(statsMessage(stats(0), 'UTC').blocks)).not.toContain('Suggested questions');
    expect(texts(statsMessage(stats(), 'UTC').blocks)).not.toContain('Suggested questions');
  });
});
