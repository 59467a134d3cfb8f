/** Switching DISCORD_GUILD_ID on or off never leaves a second /quiz in a server. */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

const names = (list: { name: string }[] | undefined) => (list ?? []).map((c) => c.name);

describe('/quiz in one scope only', () => {
  it('with DISCORD_GUILD_ID on, a global /quiz left by an earlier start without it is deleted', async () => {
    h = await startHarness();
    const { fake } = h;
    await fake.waitForCall('GET', `/applications/${fake.state.applicationId}/commands`); // the first start's own check is done
    const guildQuiz = fake.state.guildCommands.get(fake.state.guild.id)![0]!;
    fake.state.globalCommands = [{ ...guildQuiz, id: '1191168914227335998', guild_id: undefined }];
    await h.restart();
    await fake.waitForCall('DELETE', `/applications/${fake.state.applicationId}/commands/1191168914227335998`);
    expect(names(fake.state.globalCommands)).toEqual([]);
    expect(names(fake.state.guildCommands.get(fake.state.guild.id))).toEqual(['quiz']);
  });

  it('without DISCORD_GUILD_ID, a guild-scoped /quiz left by an earlier start is deleted', async () => {
    h = await startHarness({ guildId: null });
    const { fake } = h;
    await fake.waitForCall('GET', `/applications/${fake.state.applicationId}/guilds/${fake.state.guild.id}/commands`);
    fake.state.guildCommands.set(fake.state.guild.id, [{ ...fake.state.globalCommands[0]!, id: '1191168914227335999', guild_id: fake.state.guild.id }]);
    await h.restart();
    await fake.waitForCall('DELETE', `/applications/${fake.state.applicationId}/guilds/${fake.state.guild.id}/commands/1191168914227335999`);
    expect(names(fake.state.guildCommands.get(fake.state.guild.id))).toEqual([]);
    expect(names(fake.state.globalCommands)).toEqual(['quiz']);
    await h.bot.adapter.stop(); // waits for the background clean-up, so its log line is written
    expect(h.bot.log.find((l) => l.event === 'discord.commands_cleared')?.fields.scopes).toEqual([fake.state.guild.id]);
  });
});
