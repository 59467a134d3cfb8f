/**
 * Forms as modals and the admins' queue as a message, checked against the fake's own validators (Discord's
 * documented limits), without a client: the end-to-end flows are in suggestions.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { FormMemory, formId, invalidMessage, modalOf, parseFormId, refilled } from '../../../src/adapters/discord/forms.ts';
import { renderView } from '../../../src/adapters/discord/render.ts';
import { MAX_SHOWN } from '../../../src/adapters/discord/render-suggestions.ts';
import type { FormView, RevealView, StatsView, SuggestionItem, SuggestionsView } from '../../../src/core/views.ts';
import { validateModal } from '../../fakes/discord/modals.ts';
import { validateMessage } from '../../fakes/discord/validate.ts';
import type { MessageBody } from '../../fakes/discord/entities.ts';
import { T0, textOf, type Body } from './harness.ts';

const suggestForm: FormView = {
  form: 'suggest',
  title: 'Suggest a question',
  submit: 'Send',
  fields: [
    { name: 'prompt', label: 'Question', style: 'paragraph', required: true, minLength: 10, maxLength: 1000, placeholder: 'What would you ask?' },
    { name: 'options', label: 'Options, one per line (2 to 4)', style: 'paragraph', required: true, maxLength: 1000 },
    { name: 'answer', label: 'The right option (A-D)', style: 'short', required: true, maxLength: 1 },
    { name: 'steps', label: 'Explanation, one step per line', style: 'paragraph', required: true, maxLength: 3000 },
    { name: 'hint', label: 'Hint', style: 'short', required: false, maxLength: 200 },
  ],
};

const item = (id: number, size = 1): SuggestionItem => ({
  id,
  authorName: `member ${id} @everyone`,
  createdAt: T0 - id * 60_000,
  prompt: `Question ${id}? ${'p'.repeat(900 * size)}`,
  options: ['A', 'B', 'C', 'D'].map((letter) => ({ letter, text: `option ${letter} ${'o'.repeat(200 * size)}` })),
  answer: 'B',
  steps: `Step one ${'s'.repeat(2000 * size)}\nStep two`,
  hint: `hint ${'h'.repeat(150 * size)}`,
});

describe('forms as Discord modals', () => {
  it('a five-field form is a modal Discord takes: one text input a row, styles, lengths, the id carries kind and key', () => {
    const modal = modalOf(suggestForm);
    expect(validateModal(modal)).toBeNull();
    expect(modal.custom_id).toBe('stepwise:form:suggest');
    expect(modal.components.map((row) => (row as { components: { custom_id: string; style: number; required: boolean }[] }).components[0])).toMatchObject([
      { custom_id: 'prompt', style: 2, required: true, min_length: 10, max_length: 1000, placeholder: 'What would you ask?' },
      { custom_id: 'options', style: 2 },
      { custom_id: 'answer', style: 1, max_length: 1 },
      { custom_id: 'steps', style: 2, max_length: 3000 },
      { custom_id: 'hint', style: 1, required: false },
    ]);
    const edit = modalOf({ ...suggestForm, form: 'edit', key: '42', fields: suggestForm.fields.map((f) => ({ ...f, value: `old ${f.name}` })) });
    expect(edit.custom_id).toBe('stepwise:form:edit:42');
    expect(parseFormId(edit.custom_id)).toEqual({ form: 'edit', key: '42' });
    expect(parseFormId(formId(suggestForm))).toEqual({ form: 'suggest', key: undefined });
    expect(parseFormId('stepwise:form:nuke:1')).toBeUndefined();
  });

  it('keeps a form within Discord’s limits whatever the core sends: title, labels, placeholders, prefilled text, five inputs', () => {
    const long = (n: number) => 'x'.repeat(n);
    const form: FormView = {
      ...suggestForm,
      title: long(80),
      fields: Array.from({ length: 7 }, (_, n) => ({ name: `f${n}`, label: long(60), style: 'short' as const, required: false, maxLength: 9000, minLength: 5000, placeholder: long(150), value: long(5000) })),
    };
    const modal = modalOf(form);
    expect(validateModal(modal)).toBeNull();
    expect(modal.components).toHaveLength(5);
  });

  it('a submission with errors: each field named by its label, "Fix it" with a short token, and the typed text kept', () => {
    const typed = { prompt: 'Why?', options: 'A\nB', answer: 'Z', steps: 'because', hint: '' };
    const outcome = { kind: 'invalid' as const, errors: { answer: 'Give the letter of one of the options (A or B).', prompt: 'Write at least 10 characters.' }, form: suggestForm };
    const message = invalidMessage(outcome, 'tok123');
    expect(message.content).toContain('• **The right option (A-D)**: Give the letter of one of the options (A or B).');
    expect(message.content).toContain('• **Question**: Write at least 10 characters.');
    expect(message.components[0]!.components[0]).toMatchObject({ custom_id: 'stepwise:refill:tok123', label: 'Fix it' });
    expect(validateMessage(message as MessageBody, { hasFiles: false, isEdit: false })).toBeNull();
    const back = refilled(outcome.form, typed);
    expect(back.fields.map((f) => f.value)).toEqual(['Why?', 'A\nB', 'Z', 'because', '']);
    // What the core prefilled itself wins over what was typed.
    expect(refilled({ ...suggestForm, fields: [{ ...suggestForm.fields[0]!, value: 'core' }] }, typed).fields[0]!.value).toBe('core');
  });

  it('remembers forms for Fix it: bounded (oldest first), for its own person and server, for an hour', () => {
    const memory = new FormMemory(3, 60 * 60_000);
    const tokens = [1, 2, 3, 4].map((n) => memory.keep({ ...suggestForm, title: `form ${n}` }, 'u1', 'g1', T0));
    expect(memory.size).toBe(3);
    expect(memory.find(tokens[0]!, 'u1', 'g1', T0)).toBeUndefined();
    expect(memory.find(tokens[3]!, 'u1', 'g1', T0)?.title).toBe('form 4');
    expect(tokens.every((t) => `stepwise:refill:${t}`.length <= 100)).toBe(true);
    expect(memory.find(tokens[3]!, 'u2', 'g1', T0)).toBeUndefined();
    expect(memory.find(tokens[3]!, 'u1', 'g2', T0)).toBeUndefined();
    expect(memory.find(tokens[3]!, 'u1', 'g1', T0 + 61 * 60_000)).toBeUndefined();
    expect(memory.size).toBe(2);
  });
});

describe('the admins’ queue and the credits', () => {
  it('shows at most five suggestions with their buttons and says how many more; huge ones still fit one message', () => {
    const view: SuggestionsView = { kind: 'suggestions', items: Array.from({ length: 8 }, (_, n) => item(n + 1, 3)), pending: 12 };
    const message = renderView(view, 'g1');
    expect(validateMessage(message as MessageBody, { hasFiles: false, isEdit: false })).toBeNull();
    expect(message.embeds).toHaveLength(MAX_SHOWN);
    expect(message.components).toHaveLength(MAX_SHOWN);
    expect(message.content).toContain('12 suggestions waiting');
    expect(message.content).toContain('7 more after them');
    expect(message.components[1]!.components.map((b) => [b.custom_id, b.label])).toEqual([
      ['stepwise:sg:approve:2', 'Approve #2'],
      ['stepwise:sg:edit:2', 'Edit #2'],
      ['stepwise:sg:reject:2', 'Reject #2'],
    ]);
    const first = message.embeds[0]!;
    expect(first.title).toBe('Suggestion #1');
    expect(first.author?.name).toBe('✍️ member 1 @everyone');
    expect(first.description).toMatch(/^Question 1\? p+…$/);
    expect(first.fields!.map((f) => f.name)).toEqual(['Options', 'Steps', 'Hint', 'Suggested']);
    // Every option shows, shortened, with the right one marked.
    expect(first.fields![0]!.value).toMatch(/^\*\*A\)\*\* option A o+…\n\*\*B\)\*\* option B o+… ✅\n\*\*C\)\*\* .*\n\*\*D\)\*\* .*$/);
    expect(first.fields![3]!.value).toBe(`<t:${Math.floor((T0 - 60_000) / 1000)}:f> (<t:${Math.floor((T0 - 60_000) / 1000)}:R>)`);
  });

  it('a short queue shows whole, with the text commands; an empty one says so', () => {
    const message = renderView({ kind: 'suggestions', items: [item(7, 0)], pending: 1 }, 'g1');
    const text = textOf(message as Body);
    expect(text).toContain('1 suggestion waiting**.');
    expect(text).toContain('/quiz suggestions approve id:<id>');
    for (const part of [item(7, 0).prompt, item(7, 0).steps, item(7, 0).hint, '**B)** option B  ✅']) expect(text).toContain(part);
    expect(renderView({ kind: 'suggestions', items: [], pending: 0 }, 'g1').content).toBe('No suggestions are waiting. Members add them with `/quiz suggest`.');
  });

  it('the reveal credits the author by name, Markdown escaped; stats count approved suggestions only when there are some', () => {
    const solution = { correctLetter: 'A', correctText: 'x', steps: [], finalAnswer: 'f', quickCheck: 'q', commonMistakes: [], hint: 'h' };
    const reveal: RevealView = { kind: 'reveal', dropId: 3, packTitle: 'Suggested', difficulty: 'easy', prompt: 'p', options: [{ letter: 'A', text: 'x', count: 1 }], total: 1, winners: [], moreWinners: 0, solution, credit: 'sam_the *great*' };
    expect(renderView(reveal, 'g1').embeds[0]!.description).toContain('✍️ Suggested by sam\\_the \\*great\\*');
    expect(renderView({ ...reveal, credit: undefined }, 'g1').embeds[0]!.description).not.toContain('Suggested by');
    const stats = { kind: 'stats', name: 'sam', points: 1, correct: 1, answered: 1, accuracy: 1, streak: 1, bestStreak: 1, packs: [], mastery: [], reviews: { done: 0, due: 0, nextDue: null } } as unknown as StatsView;
    expect(renderView({ ...stats, suggested: 2 }, 'g1').embeds[0]!.fields).toContainEqual({ name: 'Suggested', value: '2 questions approved', inline: true });
    expect(renderView({ ...stats, suggested: 0 }, 'g1').embeds[0]!.fields!.map((f) => f.name)).not.toContain('Suggested');
  });
});
