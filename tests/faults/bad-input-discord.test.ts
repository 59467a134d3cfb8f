/**
 * Bad input through the real Discord adapter: each gets a short ephemeral answer, the bot keeps working,
 * and no stored row changes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Body, type Harness } from '../adapters/discord/harness.ts';
import { PINGS_PACK, ROLE } from '../helpers/pings-pack.ts';

let h: Harness;
let contentDir: string | undefined;
afterEach(async () => {
  expect(await h.close()).toEqual([]);
  if (contentDir) rmSync(contentDir, { recursive: true, force: true });
  contentDir = undefined;
});

/** Every row of every table, so "nothing changed" means nothing at all. */
function snapshot(db: Database.Database): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all()]));
}

type Options = Record<string, string | number>;
/** [what, subcommand, options, group, expected text]. */
type Case = [string, string, Options | undefined, string | undefined, string | RegExp];

const LONG = 'x'.repeat(5000);

/** Sends each case as the admin and checks the reply: ephemeral, short, the expected sentence, no stack. */
async function expectShortErrors(cases: Case[]): Promise<void> {
  for (const [what, sub, options, group, expected] of cases) {
    const reply = await h.reply(h.slash(h.admin.id, sub, options, group));
    const text = textOf(reply.body);
    expect(reply.flags, what).toBe(64);
    if (typeof expected === 'string') expect(text, what).toContain(expected);
    else expect(text, what).toMatch(expected);
    expect(text.length, what).toBeLessThan(400);
    expect(text, what).not.toMatch(/\n\s+at |Error:|undefined/);
  }
}

/** Proof the bot still works: an admin's valid schedule is added and listed. */
async function expectStillWorking(): Promise<void> {
  const added = await h.reply(h.slash(h.admin.id, 'add', { cron: '0 9 * * 1-5' }, 'schedule'));
  expect(textOf(added.body)).toMatch(/^Schedule #1 added: "0 9 \* \* 1-5" \(UTC\)/);
  expect(h.bot.db.prepare('SELECT cron FROM schedules').all()).toEqual([{ cron: '0 9 * * 1-5' }]);
}

describe('malformed and unknown subcommands on Discord', () => {
  it('answers each with a short ephemeral error, changes nothing, and keeps serving commands', async () => {
    h = await startHarness();
    const { dropId } = await h.drop(); // something stored that must survive
    const before = snapshot(h.bot.db);
    const posts = h.fake.callsTo('POST', h.channelMessages).length;
    await expectShortErrors([
      ['unknown subcommand', 'dance', undefined, undefined, 'Unknown command "dance". Try /quiz help.'],
      ['no subcommand at all', '', undefined, undefined, 'Try /quiz help.'],
      ['unknown subcommand in a group', 'fly', undefined, 'schedule', '/quiz schedule needs one of: add, list, remove, pause, resume, reactions, weekly.'],
      ['unknown option', 'answer', { choice: 'B', colour: 'red' }, undefined, '/quiz answer has no option "colour".'],
      ['a string where an integer belongs', 'remove', { id: 'three' }, 'schedule', 'The id must be a number, like 3.'],
      ['a required option missing', 'add', undefined, 'schedule', 'Missing "<cron>".'],
      ['a choice that is no option', 'leaderboard', { period: 'year' }, undefined, '"year" is not a valid period; use one of week, month, all.'],
    ]);
    expect(snapshot(h.bot.db)).toEqual(before);
    expect(h.fake.callsTo('POST', h.channelMessages)).toHaveLength(posts);

    const answered = await h.reply(h.slash(h.learner.id, 'answer', { choice: 'B' }));
    expect(answered.body.embeds?.[0]?.title).toBe('✅ Correct: B) Data Preparation (+1 point)');
    expect(h.bot.db.prepare('SELECT drop_id, choice FROM answers').all()).toEqual([{ drop_id: dropId, choice: 'B' }]);
  });
});

describe('hostile option values on Discord', () => {
  it('refuses 5,000-character values with a short answer, and autocomplete offers nothing for them', async () => {
    h = await startHarness();
    const before = snapshot(h.bot.db);
    await expectShortErrors([
      ['5,000-char pack', 'drop', { pack: LONG }, undefined, /^The pack is too long \(5000 characters, at most 64\)/],
      ['5,000-char cron', 'add', { cron: LONG }, 'schedule', 'The cron is too long (5000 characters, at most 100).'],
      ['5,000-char time zone', 'add', { cron: '0 9 * * *', timezone: LONG }, 'schedule', 'The timezone is too long (5000 characters, at most 64).'],
      ['5,000-char choice', 'answer', { choice: LONG }, undefined, 'The choice is too long (5000 characters, at most 200).'],
      ['5,000-char user', 'stats', { user: LONG }, undefined, 'The user is too long (5000 characters, at most 200).'],
    ]);
    const typed = h.fake.interact(h.fake.payloads.autocompleteInteraction({ userId: h.admin.id, subcommand: 'drop', focused: { name: 'pack', value: LONG } }));
    const callback = await h.fake.waitForCall('POST', `/interactions/${typed.id}/${typed.token}/callback`);
    expect(callback.body).toEqual({ type: 8, data: { choices: [] } });
    expect(snapshot(h.bot.db)).toEqual(before);
    expect(h.fake.callsTo('POST', h.channelMessages)).toEqual([]);
    await expectStillWorking();
  });

  it('refuses cron 61, time zone Mars/Olympus and pack ../../etc/passwd in schedule add and drop', async () => {
    h = await startHarness();
    const before = snapshot(h.bot.db);
    await expectShortErrors([
      ['cron 61', 'add', { cron: '61 * * * *' }, 'schedule', '"61 * * * *" is not a valid cron expression: 61 is an invalid expression for minute'],
      ['Mars/Olympus', 'add', { cron: '0 9 * * *', timezone: 'Mars/Olympus' }, 'schedule', '"Mars/Olympus" is not a time zone.'],
      ['path as schedule pack', 'add', { cron: '0 9 * * *', pack: '../../etc/passwd' }, 'schedule', 'There is no pack "../../etc/passwd". See /quiz packs'],
      ['path as drop pack', 'drop', { pack: '../../etc/passwd' }, undefined, 'There is no pack "../../etc/passwd". See /quiz packs'],
      ['path as learn pack', 'learn', { pack: '../../etc/passwd' }, undefined, 'There is no pack "../../etc/passwd"'],
    ]);
    expect(snapshot(h.bot.db)).toEqual(before);
    // Nothing was posted, not even the lesson intro a drop would have started with.
    expect(h.fake.callsTo('POST', h.channelMessages)).toEqual([]);
    expect(h.bot.log.filter((l) => l.level === 'error')).toEqual([]);
    await expectStillWorking();
  });
});

describe('reactions Discord must not count', () => {
  it('ignores the bot’s own reactions, its echoed A-D and one it adds later, and still answers a person', async () => {
    h = await startHarness();
    const { fake, learner } = h;
    const { messageId } = await h.drop();
    await h.reactions(messageId);
    // Discord echoes the bot's own four reactions back through the gateway, as it does for everyone's.
    const echoed = fake.gatewayEvents.filter((e) => e.kind === 'dispatch' && (e.detail as { t: string }).t === 'MESSAGE_REACTION_ADD');
    expect(echoed).toHaveLength(4);
    fake.dispatch('MESSAGE_REACTION_ADD', fake.payloads.reactionAdd({ userId: fake.state.bot.id, messageId, emoji: '🇧' }));

    // Events arrive in order on one socket: once the learner's answer is in, the bot's were seen and ignored.
    h.react(learner.id, messageId, '🇨');
    await fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { where: (c) => c.path !== h.channelMessages });
    await h.bot.adapter.stop(); // waits for anything still in flight
    expect(h.bot.db.prepare('SELECT user_id, choice FROM answers').all()).toEqual([{ user_id: learner.id, choice: 'C' }]);
    expect(fake.callsTo('POST', '/users/@me/channels').map((c) => c.body)).toEqual([{ recipient_id: learner.id }]);
    expect(fake.callsTo('DELETE', /\/reactions\//).filter((c) => c.status !== 429).map((c) => c.path)).toEqual([`${h.channelMessages}/${messageId}/reactions/🇨/${learner.id}`]);
  });
});


describe('content that looks like mentions on Discord', () => {
  it('shows @everyone, a role mention and <!channel> verbatim with allowed_mentions empty on every message', async () => {
    contentDir = mkdtempSync(join(tmpdir(), 'stepwise-pings-'));
    writeFileSync(join(contentDir, 'pings.md'), PINGS_PACK);
    h = await startHarness({ content: contentDir });
    const { fake, learner, admin } = h;
    const { dropId, messageId } = await h.drop();
    await h.reactions(messageId);
    const [intro, post] = fake.callsTo('POST', h.channelMessages).map((c) => c.body as Body);
    expect(intro!.content).toContain(`Nothing a pack says may ping @everyone, ${ROLE} or <!channel>.`);
    expect(post!.embeds![0]!.description).toContain(`Hey @everyone, ${ROLE} and <!channel>: who gets notified?`);
    expect(post!.embeds![0]!.description).toContain(`**C)** <!channel>`);

    const press = h.press(admin.id, messageId, `stepwise:answer:${dropId}:C`);
    await h.reply(press);
    // The whole solution (Show all, updating the same ephemeral) keeps them as text too.
    const whole = await h.update(h.press(admin.id, h.replyMessage(press), `stepwise:walk:${fake.state.guild.id}:${dropId}:C:a`));
    expect(whole.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(textOf(whole.body)).toContain('@everyone, <@&123456789012345678> and <!channel> stay text');
    h.react(learner.id, messageId, '🇩');
    await fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { where: (c) => c.path !== h.channelMessages });
    await h.reply(h.slash(admin.id, 'close'));
    const learn = await h.reply(h.slash(learner.id, 'learn', { pack: 'pings' }));
    expect(textOf(learn.body)).toContain('<!channel>');

    const bodies = h.messageBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(7); // intro, drop, button reply, DM, close edit, reveal, learn …
    for (const b of bodies) expect(b.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const all = JSON.stringify(bodies);
    for (const raw of ['@everyone', ROLE, '<!channel>']) expect(all).toContain(raw);
  });
});
