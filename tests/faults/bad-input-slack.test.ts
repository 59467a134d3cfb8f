/**
 * Bad input through the real Slack adapter (signed requests into Bolt): each gets a short ephemeral answer,
 * the bot keeps working, and no stored row changes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { IDS, sent, startSlackWorld, type SlackWorld } from '../adapters/slack/harness.ts';
import { PINGS_PACK } from '../helpers/pings-pack.ts';

let w: SlackWorld;
let contentDir: string | undefined;
afterEach(async () => {
  await w.cleanup();
  if (contentDir) rmSync(contentDir, { recursive: true, force: true });
  contentDir = undefined;
});

/** Every row of every table, so "nothing changed" means nothing at all. */
function snapshot(db: Database.Database): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all()]));
}

const LONG = 'x'.repeat(5000);
/** Raw sequences that would notify people if they reached Slack unescaped. */
const RAW_PINGS = ['<!channel>', '<!here>', '<!everyone>', '<@&', '@everyone', '@channel', '@here'];

/** Sends `/quiz <text>` for each case as the admin and checks the reply: ephemeral, short, the sentence, no stack. */
async function expectShortErrors(cases: [text: string, expected: string][]): Promise<void> {
  for (const [text, expected] of cases) {
    const { res, response } = await w.command(IDS.admin, text);
    const what = text.slice(0, 60);
    expect(res.status, what).toBe(200);
    const reply = await response();
    expect(reply.body.response_type, what).toBe('ephemeral');
    const shown = String(reply.body.text);
    expect(shown, what).toContain(expected);
    expect(shown.length, what).toBeLessThan(400);
    expect(sent(reply).length, what).toBeLessThan(1500);
    expect(sent(reply), what).not.toMatch(/\\n\s+at |Error:|undefined/);
    for (const ping of RAW_PINGS) expect(sent(reply), what).not.toContain(ping);
  }
}

/** Proof the bot still works: an admin's valid schedule is added. */
async function expectStillWorking(): Promise<void> {
  const ok = await (await w.command(IDS.admin, 'schedule add "0 9 * * 1-5"')).response();
  expect(String(ok.body.text)).toMatch(/^✅ Schedule #1 added: "0 9 \* \* 1-5" \(UTC\)/);
  expect(w.db.prepare('SELECT cron FROM schedules').all()).toEqual([{ cron: '0 9 * * 1-5' }]);
}

describe('malformed and unknown subcommands on Slack', () => {
  it('answers each with a short ephemeral error, changes nothing, and keeps serving commands', async () => {
    w = await startSlackWorld();
    const { dropId } = await w.drop(IDS.admin); // something stored that must survive
    const before = snapshot(w.db);
    const posts = w.fake.callsTo('chat.postMessage').length;
    await expectShortErrors([
      ['dance', 'Unknown command "dance". Try /quiz help.'],
      ['schedule', '/quiz schedule needs one of: add, list, remove, pause, resume, reactions, weekly.'],
      ['schedule fly', '/quiz schedule needs one of: add, list, remove, pause, resume, reactions, weekly.'],
      ['answer', 'Missing &lt;A-D&gt;.'],
      ['answer B C', 'I did not expect "C".'],
      ['schedule add "0 9 * * *', 'A quote (") is never closed.'],
      ['schedule remove three', 'The id must be a number, like 3.'],
      ['leaderboard year', '"year" is not a valid period; use one of week, month, all.'],
      ['drop <!channel>', 'There is no pack "&lt;!channel&gt;".'],
    ]);
    expect(snapshot(w.db)).toEqual(before);
    expect(w.fake.callsTo('chat.postMessage')).toHaveLength(posts);

    const answered = await (await w.command(IDS.member, 'answer B')).response();
    expect(answered.body).toMatchObject({ response_type: 'ephemeral', text: '✅ Correct: B) Data Preparation' });
    expect(w.db.prepare('SELECT drop_id, choice FROM answers').all()).toEqual([{ drop_id: dropId, choice: 'B' }]);
  });
});

describe('hostile arguments on Slack', () => {
  it('refuses 5,000-character arguments with a short answer', async () => {
    w = await startSlackWorld();
    const before = snapshot(w.db);
    await expectShortErrors([
      [LONG, `Unknown command "${'x'.repeat(30)}". Try /quiz help.`],
      [`drop ${LONG}`, 'The pack is too long (5000 characters, at most 64).'],
      [`answer ${LONG}`, 'The choice is too long (5000 characters, at most 200).'],
      [`schedule add "${LONG}"`, 'The cron is too long (5000 characters, at most 100).'],
      [`schedule add "0 9 * * *" tz:${LONG}`, 'The timezone is too long (5000 characters, at most 64).'],
      [`leaderboard week ${LONG}`, `I did not expect "${'x'.repeat(40)}".`],
      [`stats @${LONG}`, 'The user is too long (5000 characters, at most 200).'],
    ]);
    expect(snapshot(w.db)).toEqual(before);
    expect(w.fake.callsTo('chat.postMessage')).toEqual([]);
    await expectStillWorking();
  });

  it('refuses cron 61, time zone Mars/Olympus and pack ../../etc/passwd in schedule add and drop', async () => {
    w = await startSlackWorld();
    const before = snapshot(w.db);
    await expectShortErrors([
      ['schedule add "61 * * * *"', '"61 * * * *" is not a valid cron expression: 61 is an invalid expression for minute'],
      ['schedule add 61 * * * *', '"61 * * * *" is not a valid cron expression'],
      ['schedule add "0 9 * * *" tz:Mars/Olympus', '"Mars/Olympus" is not a time zone.'],
      ['schedule add "0 9 * * *" pack:../../etc/passwd', 'There is no pack "../../etc/passwd". See /quiz packs'],
      ['drop ../../etc/passwd', 'There is no pack "../../etc/passwd". See /quiz packs'],
      ['learn ../../etc/passwd', 'There is no pack "../../etc/passwd"'],
    ]);
    expect(snapshot(w.db)).toEqual(before);
    // Refused before any channel check or post.
    expect(w.fake.calls.map((c) => c.method).filter((m) => m !== 'auth.test' && m !== 'users.info')).toEqual([]);
    expect(w.logs.entries.filter((l) => l.level === 'error')).toEqual([]);
    await expectStillWorking();
  });
});

describe('reactions Slack must not count', () => {
  it('ignores the bot’s own reactions on its drop, and still answers a person', async () => {
    w = await startSlackWorld();
    const { ts } = await w.drop(IDS.admin);
    // What Slack sends when the bot adds its four option reactions: reaction_added from the bot user.
    for (const reaction of ['one', 'two', 'three', 'four']) {
      const res = await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: IDS.botUser, reaction, itemTs: ts })));
      expect(res.status).toBe(200);
    }
    const since = w.mark();
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: IDS.member, reaction: 'three', itemTs: ts })));
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('you picked *C*');
    await w.adapter.idle();
    expect(w.db.prepare('SELECT user_id, choice FROM answers').all()).toEqual([{ user_id: IDS.member, choice: 'C' }]);
    expect(w.fake.callsTo('chat.postEphemeral').map((c) => c.body.user)).toEqual([IDS.member]);
    expect(w.fake.callsTo('conversations.open')).toEqual([]);
  });
});


const NAME = "'); DROP TABLE answers;--";

/** The strings of a Slack body Slack parses (mrkdwn, the notification `text`) apart from plain_text ones. */
function texts(body: unknown): { parsed: string; plain: string } {
  const parsed: string[] = [];
  const plain: string[] = [];
  const walk = (v: unknown, isPlain: boolean): void => {
    if (typeof v === 'string') (isPlain ? plain : parsed).push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, isPlain));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const [k, x] of Object.entries(o)) walk(x, isPlain || (o.type === 'plain_text' && k === 'text'));
    }
  };
  walk(body, false);
  return { parsed: parsed.join('\n'), plain: plain.join('\n') };
}

describe('content and names that look like mentions or SQL on Slack', () => {
  it('escapes @everyone, a role mention and <!channel> from a pack in everything sent, and keeps a hostile name verbatim', async () => {
    contentDir = mkdtempSync(join(tmpdir(), 'stepwise-pings-'));
    writeFileSync(join(contentDir, 'pings.md'), PINGS_PACK);
    w = await startSlackWorld({ content: contentDir });
    w.fake.state.upsertUser({ id: 'U0ROBERT1', name: 'robert', realName: 'Robert', displayName: NAME, isAdmin: false, isOwner: false, isBot: false });
    w.fake.state.channel(IDS.quizChannel)!.members.push('U0ROBERT1');

    const { ts, dropId, posted } = await w.drop(IDS.admin);
    expect(sent(posted)).toContain('Hey @\u2060everyone, &lt;@&amp;123456789012345678&gt; and &lt;!channel&gt;: who gets notified?');
    let since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_c', value: `${dropId}:C`, userId: IDS.member, messageTs: ts }));
    expect(sent(await w.ephemeralTo(IDS.member, since))).toContain('*Why C tempts:* &lt;!channel&gt; would ping if it were not escaped.');
    since = w.mark();
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: 'U0ROBERT1', reaction: 'four', itemTs: ts })));
    await w.ephemeralTo('U0ROBERT1', since);
    await (await w.command(IDS.admin, 'close')).response();
    const thread = w.fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts)!;
    expect(sent(thread)).toContain(`🏅 *Got it right:* ${NAME}`);
    const board = await (await w.command(IDS.member, 'leaderboard')).response();
    expect(sent(board)).toContain(`*${NAME}*`);
    await (await w.command(IDS.member, 'learn pings')).response();
    await w.adapter.idle();

    const bodies = [...w.fake.calls.filter((c) => c.method.startsWith('chat.')), ...w.fake.responses].map((c) => c.body);
    expect(bodies.length).toBeGreaterThanOrEqual(8); // drop, 2 ephemerals, reveal, update, 4 command replies
    for (const body of bodies) {
      const { parsed, plain } = texts(body);
      for (const ping of RAW_PINGS) expect(parsed, `sent ${ping} raw`).not.toContain(ping);
      // Header and button labels are plain_text, which Slack never parses for mentions; no brackets reach them either.
      expect(plain).not.toMatch(/[<>]/);
    }
    expect(texts(bodies[0]).plain).toContain('Pings @everyone ‹@&123456789012345678› ‹!channel›');
    expect(w.db.prepare('SELECT display_name FROM members WHERE user_id = ?').get('U0ROBERT1')).toEqual({ display_name: NAME });
    expect(w.db.prepare('SELECT user_id, choice, correct FROM answers ORDER BY user_id').all()).toEqual([
      { user_id: IDS.member, choice: 'C', correct: 0 },
      { user_id: 'U0ROBERT1', choice: 'D', correct: 1 },
    ]);
  });
});
