/** Nothing Stepwise sends to Slack can notify anyone: content and display names are escaped everywhere. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDS, sent, startSlackWorld, type SlackWorld } from './harness.ts';

const PACK = join(import.meta.dirname, 'fixtures', 'mentions.md');
/** Raw control sequences that would ping (or link) if they reached Slack unescaped. */
const PINGS = ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@U0ADMIN01>', '<#C0QUIZ001>', '@everyone', '@channel', '@here'];

let w: SlackWorld;
beforeEach(async () => {
  w = await startSlackWorld({ content: PACK });
  w.fake.state.upsertUser({ id: 'U0EVE0001', name: 'eve', realName: 'Eve', displayName: '<!here> Eve', isAdmin: false, isOwner: false, isBot: false });
  w.fake.state.channel(IDS.quizChannel)!.members.push('U0EVE0001');
});
afterEach(async () => {
  await w.cleanup();
});

const expectNoPings = (body: string) => {
  for (const ping of PINGS) expect(body, `sent ${ping} raw`).not.toContain(ping);
};

describe('escaping on Slack', () => {
  it('escapes <!channel>, @everyone, <@U123> in content, and a display name with <!here>, in everything sent', async () => {
    const { ts, dropId, posted } = await w.drop(IDS.admin);
    const body = sent(posted);
    expectNoPings(body);
    expect(body).toContain('Hey &lt;!channel&gt; and @\u2060everyone, ask &lt;@U123&gt; whether `a &lt; b &amp;&amp; c &gt; d` holds:');
    expect(body).toContain('```\\nprint(\\"&lt;!here&gt;\\")\\n```');
    expect(body).toContain('*A)* &lt;@U0ADMIN01&gt; is right');
    expect(body).toContain('Mentions ‹!here› & friends'); // the plain-text header cannot ping; brackets become look-alikes

    let since = w.mark();
    await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_a', value: `${dropId}:A`, userId: IDS.member, messageTs: ts }));
    const wrong = await w.ephemeralTo(IDS.member, since);
    expectNoPings(sent(wrong));
    expect(sent(wrong)).toContain('*Why A tempts:* &lt;@U0ADMIN01&gt; would be pinged if this were not escaped.');

    since = w.mark();
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: 'U0EVE0001', reaction: 'two', itemTs: ts })));
    expectNoPings(sent(await w.ephemeralTo('U0EVE0001', since)));

    await (await w.command(IDS.admin, 'close')).response();
    const thread = w.fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts)!;
    expectNoPings(sent(thread));
    expect(sent(thread)).toContain('🏅 *Got it right:* &lt;!here&gt; Eve');
    expectNoPings(sent(w.fake.callsTo('chat.update')[0]!));

    const board = await (await w.command(IDS.member, 'leaderboard')).response();
    expectNoPings(sent(board));
    expect(sent(board)).toContain('*&lt;!here&gt; Eve*');

    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.appHomeOpened({ userId: 'U0EVE0001' })));
    expectNoPings(sent(await w.fake.waitForCall('views.publish')));

    const lesson = await (await w.command(IDS.member, 'learn')).response();
    expectNoPings(sent(lesson));
    expect(sent(lesson)).toContain('ping &lt;!channel&gt; or @\u2060everyone');
  });
});
