import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS, dispatch, parseText } from '../../src/commands/index.ts';
import type { Actor } from '../../src/core/types.ts';
import type { HelpView, PacksView, TextView } from '../../src/core/views.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.cleanup());

const run = (text: string, actor: Actor = w.admin, now = T0) => dispatch(parseText(text), { tutor: w.tutor, actor, channel: w.channel, now }, w.tutor.deps.log);
const text = async (line: string, actor?: Actor) => ((await run(line, actor)).view as TextView).text;
const count = (table: string) => (w.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('validation', () => {
  it.each([
    ['dance', 'Unknown command "dance". Try /quiz help.'],
    ['', 'Try /quiz help.'],
    ['schedule', '/quiz schedule needs one of: add, list, remove, pause, resume, reactions, weekly. Try /quiz help.'],
    ['schedule fly', '/quiz schedule needs one of: add, list, remove, pause, resume, reactions, weekly.'],
    ['answer', 'Missing <A-D>. Usage: /quiz answer <A-D>'],
    ['answer Q', '"Q" is not a valid choice; use one of A, B, C, D, E, F. Usage: /quiz answer <A-D>'],
    ['leaderboard year', '"year" is not a valid period; use one of week, month, all.'],
    ['schedule remove three', 'The id must be a number, like 3. Usage: /quiz schedule remove <id>'],
    ['schedule remove 99', 'There is no schedule #99 in this workspace. See /quiz schedule list.'],
    ['schedule add "61 * * * *"', '"61 * * * *" is not a valid cron expression: 61 is an invalid expression for minute'],
    ['schedule add "0 9 * * *" tz:Mars/Olympus', '"Mars/Olympus" is not a time zone.'],
    ['drop ../../etc/passwd', 'There is no pack "../../etc/passwd". See /quiz packs'],
    ['schedule add "0 9 * * *" difficulty:brutal', '"brutal" is not a valid difficulty; use one of easy, medium, hard.'],
  ])('%s → a short, clear answer', async (line, expected) => {
    const reply = await run(line);
    expect(reply.visibility).toBe('private');
    expect((reply.view as TextView).tone).toBe('error');
    expect((reply.view as TextView).text).toContain(expected);
    expect(count('schedules') + count('drops')).toBe(0);
  });

  it('refuses a 5,000-character argument without storing anything', async () => {
    expect(await text(`drop ${'x'.repeat(5000)}`)).toMatch(/^The pack is too long \(5000 characters, at most 64\)/);
    expect(await text(`schedule add "0 9 * * *" tz:${'y'.repeat(5000)}`)).toMatch(/The timezone is too long/);
    expect(count('schedules') + count('drops')).toBe(0);
  });

  it('accepts "b)" as B', async () => {
    await run('drop');
    const reply = await run('answer b)', w.member('u1'));
    expect(reply.view.kind).toBe('feedback');
  });

  it('an unexpected failure becomes a friendly reply, logged, never a stack trace', async () => {
    w.db.close(); // every query now throws
    const reply = await run('leaderboard', w.member('u1'));
    expect((reply.view as TextView).text).toBe('Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell an admin.');
    expect(JSON.stringify(reply)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('admin commands', () => {
  const member = () => w.member('mallory', 'Mallory');

  it.each(['drop', 'close', 'reload', 'schedule add "0 9 * * *"', 'schedule list', 'schedule remove 1', 'schedule pause 1', 'schedule resume 1'])(
    'a member is refused "%s" and nothing changes',
    async (line) => {
      await run('schedule add "0 9 * * *"');
      await run('drop');
      const before = JSON.stringify(w.db.prepare('SELECT * FROM schedules').all()) + JSON.stringify(w.db.prepare('SELECT * FROM drops').all());
      const reply = await run(line, member());
      expect((reply.view as TextView).text).toMatch(/^\/quiz .+ is for admins\. Ask an admin, or get your id added to STEPWISE_ADMINS\.$/);
      const after = JSON.stringify(w.db.prepare('SELECT * FROM schedules').all()) + JSON.stringify(w.db.prepare('SELECT * FROM drops').all());
      expect(after).toBe(before);
      expect(w.chat.posted).toHaveLength(1);
    },
  );

  it('an admin manages schedules end to end', async () => {
    expect(await text('schedule add "0 9 * * 1-5" #quiz pack:ml-lifecycle tz:Europe/Berlin')).toBe(
      'Schedule #1 added: "0 9 * * 1-5" (Europe/Berlin) in channel quiz, pack ml-lifecycle.',
    );
    expect(await text('schedule pause 1')).toBe('Schedule #1 paused.');
    const list = await run('schedule list');
    expect(list.view).toMatchObject({ kind: 'schedules', schedules: [{ id: 1, channel: 'quiz', paused: true, createdBy: 'admin' }] });
    expect(await text('schedule resume 1')).toBe('Schedule #1 resumed.');
    expect(await text('schedule remove 1')).toBe('Schedule #1 ("0 9 * * 1-5") removed.');
    expect(count('schedules')).toBe(0);
  });

  it('an admin posts, closes, and reloads', async () => {
    expect(await text('drop ml-lifecycle')).toBe('Posted question #1 (easy) from “Why ML lifecycle stages in MLOps?”.');
    expect(await text('close')).toBe('Closed question #1; the reveal is posted.');
    expect(w.chat.reveals).toHaveLength(1);
    expect(await text('close')).toBe('There is no open question in this channel.');
    expect(await text('reload')).toBe('Reloaded: 1 pack(s), 5 question(s).');
  });
});

describe('read commands', () => {
  it('packs and help come from the loaded content and the one command spec', async () => {
    const packs = (await run('packs')).view as PacksView;
    expect(packs.packs).toEqual([
      { id: 'ml-lifecycle', title: 'Why ML lifecycle stages in MLOps?', topic: 'MLOps', questions: 5, byDifficulty: { easy: 4, medium: 1, hard: 0 } },
    ]);
    const help = (await run('help')).view as HelpView;
    const usages = help.sections.filter((s) => s.title !== 'Hints').flatMap((s) => s.lines.map((l) => l.usage));
    expect(help.sections.map((s) => s.title)).toEqual(['Everyone', 'Admins', 'Hints']);
    const specCount = COMMANDS.reduce((n, c) => n + ('subcommands' in c ? c.subcommands.length : 1), 0);
    expect(usages).toHaveLength(specCount);
    expect(usages).toContain('/quiz schedule add "<cron>" [#channel] [pack:<id>] [tz:<zone>] [difficulty:easy|medium|hard] [reactions:on|off]');
  });

  it('stats of another user by mention', async () => {
    await run('drop');
    await run('answer B', w.member('U1', 'Ann'));
    const stats = await run('stats <@U1>', w.member('U2'));
    expect(stats.view).toMatchObject({ kind: 'stats', userId: 'U1', name: 'Ann', points: 1 });
  });
});
