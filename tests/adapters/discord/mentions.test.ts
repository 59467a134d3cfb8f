import { afterEach, describe, expect, it } from 'vitest';
import { PINGS_PACK, startHarness, type Body, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const NAME = "'); DROP TABLE answers;--";
const ROLE = '<@&123456789012345678>';

describe('nothing from content or names ever pings', () => {
  it('keeps @everyone, role mentions, code fences and a hostile display name verbatim, with allowedMentions empty everywhere', async () => {
    h = await startHarness({ content: PINGS_PACK, fake: { extraMembers: [{ username: 'robert', globalName: 'Robert', nick: NAME }] } });
    const { fake, learner, admin } = h;
    const robert = [...fake.state.userById.values()].find((u) => u.username === 'robert')!;

    const { dropId, messageId } = await h.drop();
    await h.reactions(messageId);
    const [intro, post] = fake.callsTo('POST', h.channelMessages).map((c) => c.body as Body);
    expect(intro!.content).toBe(`📖 **New lesson: Pings @everyone ${ROLE}**\nNothing a pack says may ping @everyone or ${ROLE}.\nThe whole lesson, privately: \`/quiz learn pack:pings\``);
    expect(post!.embeds![0]!.description).toBe(
      [
        `Hey @everyone and ${ROLE} and @here, what does this print?`,
        '',
        '```python',
        `names = ["@everyone", "${ROLE}"]`,
        'print(len(names))  # **not bold**',
        '```',
        '',
        `**A)** 2 @everyone\n**B)** 1 ${ROLE}\n**C)** 0\n**D)** An error`,
      ].join('\n'),
    );

    const press = h.press(robert.id, messageId, `stepwise:answer:${dropId}:A`);
    const answered = await h.reply(press);
    expect(answered.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // The walkthrough's first step, on the same private message, keeps the code verbatim and pings nobody.
    const step = await h.update(h.press(robert.id, h.replyMessage(press), `stepwise:walk:${fake.state.guild.id}:${dropId}:A:1`));
    expect(step.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(`${step.body.embeds?.[0]?.fields?.[0]?.name}\n${step.body.embeds?.[0]?.fields?.[0]?.value}`).toContain(`Count the list\nThe list has two strings:\n\`\`\`python\nlen(["@everyone", "${ROLE}"])  # 2\n\`\`\``);
    h.react(learner.id, messageId, '🇧');
    await fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { where: (c) => c.path !== h.channelMessages });
    await h.reply(h.slash(admin.id, 'close'));

    const reveal = fake.callsTo('POST', h.channelMessages).map((c) => c.body as Body).find((b) => b.message_reference)!;
    expect(reveal.embeds![0]!.description).toBe(`The answer: **A) 2 @everyone**\n\nA) 1 ✅\nB) 1\nC) 0\nD) 0\n\n**Got it right:** ${NAME}`);
    const board = await h.reply(h.slash(admin.id, 'leaderboard'));
    expect(board.body.embeds![0]!.description).toContain(`**${NAME}** · 1 pts`);

    // Stored verbatim, and the table it names is still there.
    expect(h.bot.db.prepare('SELECT display_name FROM members WHERE user_id = ?').get(robert.id)).toEqual({ display_name: NAME });
    expect(h.bot.db.prepare('SELECT COUNT(*) AS n FROM answers').get()).toEqual({ n: 2 });

    const bodies = h.messageBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(8); // intro, drop, replies, DM, close edit, reveal, board …
    for (const b of bodies) expect(b.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(JSON.stringify(bodies)).toContain('@everyone');
  });
});
