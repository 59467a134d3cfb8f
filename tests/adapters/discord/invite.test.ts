/** The whole Discord scenario with exactly the permissions the README's invite URL grants, and nothing from @everyone. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS } from '../../fakes/discord/index.ts';
import { startHarness, T0, textOf, type Body, type Harness } from './harness.ts';

const README = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
const discordSection = README.slice(README.indexOf('## Discord'), README.indexOf('## Slack'));
/** The `permissions=` of the invite URL, as an operator would paste it. */
const INVITE = BigInt(/oauth2\/authorize\?[^\s`]*permissions=(\d+)/.exec(discordSection)?.[1] ?? '0');
/** The table under it: one row per permission, "| Name | value (1 << n) | why |". */
const TABLE = [...discordSection.matchAll(/^\s*\| [^|]+ \| (\d+) \(1 << (\d+)\) \|/gm)].map((m) => [BigInt(m[1]!), 1n << BigInt(m[2]!)] as const);

let h: Harness | undefined;
afterEach(async () => {
  if (h) expect(await h.close()).toEqual([]);
  h = undefined;
});

describe('the README invite integer', () => {
  it('is what its table adds up to, and what the fake gives the bot role by default', () => {
    expect(INVITE).toBeGreaterThan(0n);
    expect(TABLE.every(([value, bit]) => value === bit)).toBe(true);
    expect(TABLE.reduce((sum, [value]) => sum | value, 0n)).toBe(INVITE);
    expect(DEFAULT_BOT_PERMISSIONS).toBe(INVITE);
  });

  it('is enough for everything: drop, buttons, reactions (hidden again), a thread, a schedule, close and reveal, DMs, lessons', async () => {
    const harness = await startHarness({ fake: { botPermissions: INVITE, everyonePermissions: 0n } });
    h = harness;
    const { fake, learner, admin } = harness;
    const { dropId, messageId } = await harness.drop();
    await harness.reactions(messageId);
    const pressed = await harness.reply(harness.press(learner.id, messageId, `stepwise:answer:${dropId}:B`));
    expect(textOf(pressed.body)).toContain('Correct: B) Data Preparation');
    harness.react(admin.id, messageId, '🇦');
    await fake.waitForCall('DELETE', `${harness.channelMessages}/${messageId}/reactions/🇦/${admin.id}`, { where: (c) => c.status === 204 });
    await fake.waitForCall('POST', /^\/channels\/\d+\/messages$/, { where: (c) => c.path !== harness.channelMessages && c.status === 200 });

    const added = await harness.reply(harness.slash(admin.id, 'add', { cron: '0 9 * * *' }, 'schedule'));
    expect(textOf(added.body)).toMatch(/^Schedule #1 added/);
    const thread = fake.addThread({ parentId: fake.state.channel.id });
    await harness.reply(harness.slash(admin.id, 'help'));
    const threadRef = { platform: 'discord', workspace: fake.state.guild.id, channel: thread.id };
    expect(await harness.bot.adapter.port.checkChannel!(threadRef)).toBeNull();
    const inThread = await harness.bot.tutor.postDrop({ channel: threadRef }, T0);
    expect(inThread?.state).toBe('open');

    const closed = await harness.reply(harness.slash(admin.id, 'close'));
    expect(textOf(closed.body)).not.toMatch(/could not|failed/i);
    const reveal = fake.callsTo('POST', harness.channelMessages).filter((c) => textOf(c.body as Body).includes('is closed')).at(-1)!;
    expect(reveal.status).toBe(200);
    expect((reveal.body as Body).message_reference?.message_id).toBe(messageId);
    const learn = await harness.reply(harness.slash(learner.id, 'learn', { pack: 'ml-pipelines-ci' }));
    expect(learn.flags).toBe(64);

    // Nothing Discord refused, except the reaction bucket's 429s that discord.js waits out.
    const refused = fake.calls.filter((c) => c.status >= 400 && c.status !== 429).map((c) => `${c.method} ${c.path} ${c.status}`);
    expect(refused).toEqual([]);
  });
});
