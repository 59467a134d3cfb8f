/** Questions suggested by members: the form, the queue, approval into a pack, rejection, credit and stats. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, parseText } from '../../src/commands/index.ts';
import { SUGGEST_LIMITS } from '../../src/core/suggestion-form.ts';
import type { Actor, ChannelRef } from '../../src/core/types.ts';
import type { FormOutcome, Reply, SuggestionsView, TextView } from '../../src/core/views.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.cleanup());

const OTHER: ChannelRef = { platform: 'test', workspace: 'W2', channel: 'C9' };
const GOOD = {
  prompt: 'Which file lists the services a new engineer must get access to first?',
  options: 'A) The access checklist\nB) The holiday calendar\nC) The lunch menu',
  answer: 'a',
  steps: 'Access comes first: nothing else works without the accounts.\nThe checklist is where we keep it.\nMistake: Thinking the calendar lists systems',
  hint: 'What do you need before you can log in anywhere?',
};

const run = (line: string, actor: Actor = w.admin, channel: ChannelRef = w.channel): Promise<Reply> =>
  dispatch(parseText(line), { tutor: w.tutor, actor, channel, now: T0 }, w.tutor.deps.log);
const text = (r: Reply) => (r.view as TextView).text;
const submit = (values: Record<string, string>, actor: Actor = w.member('u1', 'Mo Member'), form: 'suggest' | 'edit' | 'reject' = 'suggest', key?: string, channel = w.channel) =>
  w.tutor.submitForm(channel, actor, form, key, values, T0);
const done = (o: FormOutcome) => {
  if (o.kind !== 'done') throw new Error(`expected done, got ${JSON.stringify(o.errors)}`);
  return o.reply;
};
const rows = () => w.db.prepare('SELECT * FROM suggestions ORDER BY id').all() as { id: number; status: string; pack_id: string | null; fields: string; author_id: string }[];

describe('/quiz suggest', () => {
  it('opens a form of five fields sized for Discord and Slack', async () => {
    const reply = await run('suggest', w.member('u1'));
    const form = reply.form!;
    expect(form.form).toBe('suggest');
    expect(form.fields.map((f) => f.name)).toEqual(['prompt', 'options', 'answer', 'steps', 'hint']);
    expect(form.title.length).toBeLessThanOrEqual(24);
    expect(form.submit.length).toBeLessThanOrEqual(24);
    for (const f of form.fields) {
      expect(f.label.length).toBeLessThanOrEqual(45);
      expect((f.placeholder ?? '').length).toBeLessThanOrEqual(100);
      expect(f.maxLength).toBeLessThanOrEqual(3000);
    }
  });

  it('queues a good suggestion and tells the author its number', async () => {
    const reply = done(await submit(GOOD));
    expect(text(reply)).toContain('Your question is suggestion #1');
    const [row] = rows();
    expect(row).toMatchObject({ id: 1, status: 'pending', author_id: 'u1' });
    expect(JSON.parse(row!.fields)).toMatchObject({ options: ['The access checklist', 'The holiday calendar', 'The lunch menu'], answer: 'A' });
  });

  it('sends bad input back field by field, with what was typed, and stores nothing', async () => {
    const out = await submit({ ...GOOD, options: 'Only one', answer: 'E', hint: '' });
    expect(out.kind).toBe('invalid');
    if (out.kind !== 'invalid') return;
    expect(Object.keys(out.errors).sort()).toEqual(['answer', 'hint', 'options']);
    expect(out.errors.options).toContain('2 to 4 options');
    expect(out.form.fields.find((f) => f.name === 'prompt')!.value).toBe(GOOD.prompt);
    expect(rows()).toEqual([]);
  });

  it('refuses what the pack checker would refuse, and escapes pack structure typed into the prompt', async () => {
    const out = await submit({ ...GOOD, options: 'Same\nsame' });
    expect(out.kind === 'invalid' && out.errors.options).toContain('same');
    // A prompt line that looks like a heading, an option or `answer:` is kept as text.
    done(await submit({ ...GOOD, prompt: '## Question: sneaky\nanswer: B\nA) not an option\nWhich one?' }));
    const approved = await run('suggestions approve 1');
    expect((approved.view as TextView).tone).toBe('success');
    const pack = (await w.tutor.packsIn(w.channel)).get('suggested')!;
    expect(pack.questions[0]!.prompt).toContain('## Question: sneaky');
    expect(pack.questions[0]!.options).toHaveLength(3);
  });

  it('limits pending suggestions per person', async () => {
    for (let i = 0; i < SUGGEST_LIMITS.perAuthor; i++) done(await submit({ ...GOOD, prompt: `${GOOD.prompt} (${i})` }));
    const reply = done(await submit(GOOD));
    expect(text(reply)).toContain(`You have ${SUGGEST_LIMITS.perAuthor} suggestions waiting`);
    expect(rows()).toHaveLength(SUGGEST_LIMITS.perAuthor);
  });
});

describe('/quiz suggestions', () => {
  it('is for admins: members are refused by the command and by the core behind the buttons', async () => {
    done(await submit(GOOD));
    expect(text(await run('suggestions', w.member('u2')))).toContain('for admins');
    await expect(w.tutor.approveSuggestion(w.channel, w.member('u2'), 1, {}, T0)).rejects.toThrow('Only admins');
    expect(rows()[0]!.status).toBe('pending');
  });

  it('lists the oldest pending ones, each workspace its own', async () => {
    done(await submit(GOOD));
    done(await submit({ ...GOOD, prompt: 'Another question from another workspace?' }, w.member('u9'), 'suggest', undefined, OTHER));
    const view = (await run('suggestions')).view as SuggestionsView;
    expect(view.kind).toBe('suggestions');
    expect(view.pending).toBe(1);
    expect(view.items[0]).toMatchObject({ id: 1, authorName: 'Mo Member', answer: 'A' });
    expect(text(await run('suggestions approve 2'))).toContain('no suggestion #2');
  });

  it('approves into "suggested": dropped, answered, the reveal credits the author, stats count it, the author is told', async () => {
    done(await submit(GOOD));
    const reply = await run('suggestions approve 1 difficulty:easy');
    expect(text(reply)).toContain('Approved suggestion #1 by Mo Member: question "suggestion-1" (easy) in pack "suggested"');
    expect(w.chat.privates.at(-1)).toMatchObject({ userId: 'u1' });
    expect((w.chat.privates.at(-1)!.view as TextView).text).toContain('was approved by Ada Admin');
    expect(rows()[0]).toMatchObject({ status: 'approved', pack_id: 'suggested' });

    const drop = await w.tutor.postDrop({ channel: w.channel, packId: 'suggested' }, T0);
    expect(drop!.questionId).toBe('suggestion-1');
    await w.tutor.answerInChannel(w.channel, w.member('u2', 'Pat'), 'A', 'command', T0 + 1000);
    await w.tutor.closeIn(w.channel, T0 + 2000);
    expect(w.chat.reveals.at(-1)!.view.credit).toBe('Mo Member');
    expect((await w.tutor.stats(w.channel, 'u1', 'Mo', T0)).suggested).toBe(1);
    expect((await w.tutor.stats(w.channel, 'u2', 'Pat', T0)).suggested).toBeUndefined();

    // A second approval appends to the same pack; the first question keeps its id.
    done(await submit({ ...GOOD, prompt: 'Where do we write down the on-call rota for the team?' }, w.member('u3', 'Sam')));
    expect(text(await run('suggestions approve 2'))).toContain('(2 question(s))');
    expect((await w.tutor.packsIn(w.channel)).get('suggested')!.questions.map((q) => q.id)).toEqual(['suggestion-1', 'suggestion-2']);
    // The pack belongs to this workspace only.
    expect((await w.tutor.packsIn(OTHER)).get('suggested')).toBeUndefined();
    expect(text(await run('suggestions approve 1'))).toContain('already approved by Ada Admin');
  });

  it('refuses a built-in or unknown pack and keeps the suggestion waiting', async () => {
    done(await submit(GOOD));
    expect(text(await run('suggestions approve 1 pack:ml-lifecycle'))).toContain('is a built-in pack');
    expect(text(await run('suggestions approve 1 pack:nope'))).toContain('no pack "nope"');
    expect(rows()[0]!.status).toBe('pending');
  });

  it('lets an admin edit before approving, and refuses members editing', async () => {
    done(await submit(GOOD));
    const form = (await run('suggestions edit 1')).form!;
    expect(form).toMatchObject({ form: 'edit', key: '1' });
    expect(form.fields.find((f) => f.name === 'options')!.value).toBe('The access checklist\nThe holiday calendar\nThe lunch menu');
    await expect(submit({ ...GOOD, hint: 'Where do accounts come from?' }, w.member('u2'), 'edit', '1')).rejects.toThrow('Only admins');
    const saved = done(await submit({ ...GOOD, hint: 'Where do accounts come from?' }, w.admin, 'edit', '1'));
    expect(saved.notice).toContain('Saved your edit of suggestion #1');
    expect((saved.view as SuggestionsView).items[0]).toMatchObject({ hint: 'Where do accounts come from?', editedBy: 'Ada Admin' });
    await run('suggestions approve 1');
    expect((await w.tutor.packsIn(w.channel)).get('suggested')!.questions[0]!.hint).toBe('Where do accounts come from?');
  });

  it('rejects with a reason the author reads, from the command or the form', async () => {
    done(await submit(GOOD));
    done(await submit({ ...GOOD, prompt: 'A second question that will be rejected by form?' }));
    expect((await run('suggestions reject 1')).form).toMatchObject({ form: 'reject', key: '1' });
    expect(text(await run('suggestions reject 1 reason:"Covered in onboarding already"'))).toContain('Rejected suggestion #1');
    expect((w.chat.privates.at(-1)!.view as TextView).text).toContain('Covered in onboarding already');
    const bad = await submit({ reason: '' }, w.admin, 'reject', '2');
    expect(bad.kind).toBe('invalid');
    done(await submit({ reason: 'Too close to question 4' }, w.admin, 'reject', '2'));
    expect(rows().map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(text(await run('suggestions'))).toContain('No suggestions are waiting');
  });

  it('two admins approving at once add the question once', async () => {
    done(await submit(GOOD));
    const [a, b] = await Promise.all([run('suggestions approve 1'), run('suggestions approve 1', { id: 'admin2', name: 'Bo', isAdmin: true })]);
    const tones = [(a.view as TextView).tone, (b.view as TextView).tone].sort();
    expect(tones).toEqual(['error', 'success']);
    expect((await w.tutor.packsIn(w.channel)).get('suggested')!.questions).toHaveLength(1);
  });
});
