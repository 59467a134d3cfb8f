/** /quiz through the real Bolt HTTP receiver: signatures, ack timing, drops, admin rights, schedules. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDS, sent, startSlackWorld, type SlackWorld } from './harness.ts';

let w: SlackWorld;
beforeEach(async () => {
  w = await startSlackWorld({ admins: [] });
});
afterEach(async () => {
  await w.cleanup();
});

const blockTypes = (blocks: unknown) => (blocks as { type: string }[]).map((b) => b.type);
const dropCount = () => (w.db.prepare('SELECT COUNT(*) AS n FROM drops').get() as { n: number }).n;

describe('Slack /quiz over HTTP', () => {
  it('answers url_verification with the challenge', async () => {
    const res = await w.sender.sendEvent(w.fake.payloads.urlVerification('c-123'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: 'c-123' });
  });

  it('an admin’s /quiz drop posts Block Kit with buttons A-D, then the four reactions, and records the ref', async () => {
    const { ts, dropId, posted, reply } = await w.drop(IDS.admin);
    const blocks = posted.body.blocks as Record<string, unknown>[];
    expect(blockTypes(blocks)).toEqual(['section', 'context', 'divider', 'header', 'section', 'section', 'actions', 'context']);
    expect(JSON.stringify(blocks[3])).toContain(`Question #${dropId} · Why ML lifecycle stages in MLOps? · easy`);
    expect(JSON.stringify(blocks[4])).toContain('Which stage in the ML lifecycle involves collecting and preparing data for training?');
    expect((blocks[5] as { text: { text: string } }).text.text).toBe('*A)* Model Training\n*B)* Data Preparation\n*C)* Model Monitoring\n*D)* Model Deployment');
    const buttons = (blocks[6] as { elements: { action_id: string; value: string }[] }).elements;
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      ...['a', 'b', 'c', 'd'].map((l) => [`stepwise_answer_${l}`, `${dropId}:${l.toUpperCase()}`]),
      ['stepwise_hint', `d:${dropId}`],
    ]);
    expect(JSON.stringify(blocks[7])).toMatch(/<!date\^\d+\^\{date_short_pretty\} at \{time\}\|Fri 27 Nov, 09:00>/);
    expect(posted.body.text).toContain(`Question #${dropId}`);

    const reactions = await w.fake.waitForCall('reactions.add', (c) => c.body.name === 'four');
    expect(w.fake.callsTo('reactions.add').map((c) => [c.body.name, c.body.timestamp, c.body.channel])).toEqual(
      ['one', 'two', 'three', 'four'].map((n) => [n, ts, IDS.quizChannel]),
    );
    expect(reactions.response.ok).toBe(true);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(sent(reply)).toContain(`Posted question #${dropId} (easy)`);
    expect(w.db.prepare('SELECT state, message_ref, created_by FROM drops').get()).toEqual({ state: 'open', message_ref: `${IDS.quizChannel}:${ts}`, created_by: IDS.admin });
  });

  it('acks at once even when Slack is slow to take the post', async () => {
    w.fake.failNext('chat.postMessage', { delayMs: 1500 });
    const { res, response } = await w.command(IDS.admin, 'drop');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.ms).toBeLessThan(1000);
    expect(sent(await response())).toContain('Posted question #1');
    console.info(`[measured] /quiz drop ack: ${res.ms.toFixed(1)} ms while chat.postMessage took 1500 ms`);
  });

  it('refuses drop to a member: ephemeral, nothing posted, nothing stored', async () => {
    const { res, response } = await w.command(IDS.member, 'drop');
    expect(res.status).toBe(200);
    const reply = await response();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(sent(reply)).toContain('/quiz drop is for admins');
    expect(w.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(dropCount()).toBe(0);
  });

  it('treats a workspace owner as an admin, asking users.info once per person', async () => {
    await w.drop(IDS.owner);
    expect(w.fake.callsTo('users.info').map((c) => c.body.user)).toEqual([IDS.owner]);
    const again = await w.command(IDS.owner, 'close');
    expect(sent(await again.response())).toContain('Closed question #1');
    expect(w.fake.callsTo('users.info')).toHaveLength(1);
  });

  it('rejects a bad signature with 401 and changes nothing', async () => {
    const fields = w.fake.payloads.slashCommand({ text: 'drop', userId: IDS.admin });
    const res = await w.sender.sendCommand(fields, { signingSecret: 'not-the-secret' });
    expect(res.status).toBe(401);
    expect(w.fake.calls.map((c) => c.method)).toEqual(['auth.test']);
    expect(w.fake.responses).toEqual([]);
    expect(dropCount()).toBe(0);
  });

  it('refuses a correctly signed request older than five minutes', async () => {
    const fields = w.fake.payloads.slashCommand({ text: 'drop', userId: IDS.admin });
    const res = await w.sender.sendCommand(fields, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect(w.fake.calls.map((c) => c.method)).toEqual(['auth.test']);
    expect(dropCount()).toBe(0);
  });

  it('renders every kind of reply as Block Kit within Slack’s limits', async () => {
    await w.drop(IDS.admin);
    const texts = ['help', 'packs', 'stats', `stats <@${IDS.admin}|ada>`, 'learn', 'learn ml-lifecycle', 'insights', 'schedule list', 'review', 'leaderboard month', 'review daily 08:30'];
    for (const text of texts) {
      const reply = await (await w.command(IDS.admin, text)).response();
      const blocks = reply.body.blocks as { type: string; text?: { text: string } }[];
      expect(reply.body.response_type, text).toBe('ephemeral');
      expect(blocks.length, text).toBeGreaterThan(0);
      expect(blocks.length, text).toBeLessThanOrEqual(50);
      for (const b of blocks) if (b.text) expect(b.text.text.length, text).toBeLessThanOrEqual(3000);
      expect(String(reply.body.text).length, text).toBeGreaterThan(0);
      expect(sent(reply), text).not.toMatch(/<[@!]/);
    }
    const learn = w.fake.responses.find((r) => sent(r).includes('📖 Why ML lifecycle stages in MLOps?'));
    expect(learn && sent(learn)).toContain('*The big idea*');
  });

  it('answers a parse error with the usage, ephemerally', async () => {
    const reply = await (await w.command(IDS.admin, 'schedule add "0 9 * * 1-5')).response();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(sent(reply)).toContain('is never closed');
    const unknown = await (await w.command(IDS.member, 'frobnicate')).response();
    expect(sent(unknown)).toContain('Unknown command \\"frobnicate\\". Try /quiz help.');
  });

  it('refuses a schedule for a channel the bot is not in, with the invite hint, and stores nothing', async () => {
    const reply = await (await w.command(IDS.admin, `schedule add "0 9 * * 1-5" <#${IDS.otherChannel}|random>`)).response();
    expect(sent(reply)).toContain(`Stepwise is not in <#${IDS.otherChannel}>: invite @Stepwise to <#${IDS.otherChannel}>`);
    expect(w.fake.callsTo('conversations.info').map((c) => c.body.channel)).toEqual([IDS.otherChannel]);
    expect(await w.tutor.listSchedules(w.channel)).toEqual([]);

    const ok = await (await w.command(IDS.admin, `schedule add "0 9 * * 1-5" <#${IDS.quizChannel}|quiz> pack:ml-lifecycle`)).response();
    expect(sent(ok)).toContain('Schedule #1 added');
    expect((await w.tutor.listSchedules(w.channel)).map((s) => s.channel)).toEqual([IDS.quizChannel]);
  });

  it('records a drop that Slack refuses as failed and tells the admin to invite the bot', async () => {
    const reply = await (await w.command(IDS.admin, 'drop', { channelId: IDS.otherChannel })).response();
    expect(sent(reply)).toContain(`Could not post the question: Stepwise is not in <#${IDS.otherChannel}>: invite @Stepwise to <#${IDS.otherChannel}>`);
    expect(w.db.prepare('SELECT state, failure FROM drops').get()).toMatchObject({ state: 'failed', failure: expect.stringContaining('invite @Stepwise') });
    const logged = await w.logs.waitFor((l) => l.event === 'slack.api_failed', 'api failure log');
    expect(logged.fields).toMatchObject({ platform: 'slack', workspace: IDS.team, channel: IDS.otherChannel, method: 'chat.postMessage', error: 'not_in_channel' });
  });
});
