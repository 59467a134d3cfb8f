/** `/quiz settings` on Discord: the admin role, the window, reactions, per server, through discord.js and the fake. */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, T0, textOf, type Body, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const HOUR = 3_600_000;
/** A ROLE option as Discord sends it (type 8, the role id as value). */
const roleOption = (value: string) => [{ name: 'admins', type: 8, value }];
const unix = (t: number) => Math.floor(t / 1000);

describe('/quiz settings on Discord', () => {
  it('a member with the admin role can run admin commands; without it, or once it is taken away, cannot', async () => {
    h = await startHarness();
    const { fake, admin, learner } = h;
    const tutors = fake.addRole('Tutors');

    // Before any role is set, Manage Server alone decides.
    const refused = await h.reply(h.slash(learner.id, 'settings'));
    expect(refused.body.content).toBe('/quiz settings is for admins. Ask an admin, or get your id added to STEPWISE_ADMINS.');
    const set = await h.reply(h.slash(admin.id, 'settings', roleOption(tutors.id)));
    expect(set.flags).toBe(64);
    expect(set.body.content).toBe(`Members of ${tutors.id} are now admins here too.`);

    // The learner has no Tutors role yet: still refused.
    expect((await h.reply(h.slash(learner.id, 'drop'))).body.content).toBe('/quiz drop is for admins. Ask an admin, or get your id added to STEPWISE_ADMINS.');
    fake.setMemberRole(learner.id, tutors.id, true);
    const shown = await h.reply(h.slash(learner.id, 'settings'));
    expect(shown.body.content).toContain(`• Admins: the platform's own admins, and members of ${tutors.id}`);
    const drop = await h.reply(h.slash(learner.id, 'drop'));
    expect(textOf(drop.body)).not.toContain('is for admins');
    expect((await h.bot.tutor.openDrop(h.bot.channel))?.createdBy).toBe(learner.id);

    // Taken away: the roles in each interaction count, so the next command is refused at once.
    fake.setMemberRole(learner.id, tutors.id, false);
    expect((await h.reply(h.slash(learner.id, 'close'))).body.content).toBe('/quiz close is for admins. Ask an admin, or get your id added to STEPWISE_ADMINS.');
    expect(await h.bot.tutor.openDrop(h.bot.channel)).toBeDefined();

    // reset:admins puts it back to Manage Server alone.
    fake.setMemberRole(learner.id, tutors.id, true);
    expect((await h.reply(h.slash(admin.id, 'settings', { reset: 'admins' }))).body.content).toBe('The admins setting follows the default again.');
    expect((await h.reply(h.slash(learner.id, 'settings'))).body.content).toContain('is for admins');
  });

  it('refuses @everyone as the admin role, privately, and changes nothing', async () => {
    h = await startHarness();
    const everyone = h.fake.state.guild.id;
    const refused = await h.reply(h.slash(h.admin.id, 'settings', roleOption(everyone)));
    expect(refused.flags).toBe(64);
    expect(refused.body.content).toBe('@everyone cannot be the admin role: everyone would be an admin. Pick a role only some members have. Nothing was changed.');
    expect((await h.bot.tutor.settingsOf(h.bot.channel)).adminGroup).toBeNull();
  });

  it('the window changes the next drop’s close time; a window out of range is refused naming the range', async () => {
    h = await startHarness();
    const { admin } = h;
    const ok = await h.reply(h.slash(admin.id, 'settings', { window: '30m' }));
    expect(ok.body.content).toBe('Questions now stay open 30m (from the next question).');
    const { dropId } = await h.drop();
    const drop = (await h.bot.tutor.deps.store.drops.get(dropId))!;
    expect(drop.closesAt).toBe(T0 + 30 * 60_000);
    const posted = h.fake.callsTo('POST', h.channelMessages).map((c) => textOf(c.body as Body)).find((t) => t.includes('Closes'));
    expect(posted).toContain(`Closes <t:${unix(T0 + 30 * 60_000)}:f>`);

    for (const [window, why] of [
      ['45d', 'A question can stay open between 1m and 30d; 45d is outside that. Nothing was changed.'],
      ['30s', 'A question can stay open between 1m and 30d; 30s is outside that. Nothing was changed.'],
      ['soon', '"soon" is not a duration. Give the window between 1m and 30d, such as 30m, 2h or 3d.'],
    ] as const) {
      const bad = await h.reply(h.slash(admin.id, 'settings', { window }));
      expect(bad.flags).toBe(64);
      expect(bad.body.content).toBe(why);
    }
    // A bad value beside a good one changes neither.
    expect((await h.reply(h.slash(admin.id, 'settings', { window: '99d', reactions: 'off' }))).body.content).toContain('Nothing was changed.');
    expect(await h.bot.tutor.settingsOf(h.bot.channel)).toMatchObject({ windowMs: 30 * 60_000, reactions: true });

    // The drop closes when its window ends.
    h.bot.clock.t = T0 + 30 * 60_000;
    expect(await h.bot.tutor.closeDue(h.bot.clock.t)).toBe(1);
  });

  it('reactions off: the next drop neither invites nor adds reactions, and a reaction on it is not an answer', async () => {
    h = await startHarness();
    const { fake, admin, learner } = h;
    const off = await h.reply(h.slash(admin.id, 'settings', { reactions: 'off' }));
    expect(off.body.content).toBe('Reactions no longer count as answers: from the next question, people answer with the buttons or /quiz answer, privately.');
    const { dropId, messageId } = await h.drop();
    const posted = textOf(fake.state.messages.get(messageId) as unknown as Body);
    expect(posted).toContain('Tap a letter or use `/quiz answer` (your pick stays private).');
    expect(posted).not.toContain('react with');

    h.react(learner.id, messageId, '🇧');
    // A button answer after it: by the time its reply is in, the reaction was handled (and ignored).
    const pressed = await h.reply(h.press(learner.id, messageId, `stepwise:answer:${dropId}:C`));
    expect(pressed.body.embeds?.[0]?.title).toBe('❌ Not quite: you picked C');
    expect(h.bot.db.prepare('SELECT choice, via FROM answers').all()).toEqual([{ choice: 'C', via: 'button' }]);
    expect(fake.callsTo('PUT', /\/reactions\//)).toEqual([]);
    expect(fake.callsTo('DELETE', /\/reactions\//)).toEqual([]);
    expect((await h.reply(h.slash(admin.id, 'settings'))).body.content).toContain('• Reactions count as answers: off');
  });

  it('two servers keep separate settings', async () => {
    h = await startHarness();
    const { fake, admin } = h;
    const second = fake.addGuild({ name: 'Second' });
    await h.reply(h.slash(admin.id, 'settings', { window: '2h', reactions: 'off', timezone: 'Asia/Tokyo' }));
    const there = fake.interact(fake.payloads.chatInputInteraction({ userId: admin.id, channelId: second.channel.id, subcommand: 'settings', options: { window: '3d' } }));
    expect((await h.reply(there)).body.content).toBe('Questions now stay open 3d (from the next question).');

    expect(await h.bot.tutor.settingsOf(h.bot.channel)).toMatchObject({ tz: 'Asia/Tokyo', windowMs: 2 * HOUR, reactions: false });
    expect(await h.bot.tutor.settingsOf({ platform: 'discord', workspace: second.id })).toMatchObject({ tz: 'UTC', windowMs: 72 * HOUR, reactions: true });
  });
});
