/**
 * Scenario: hiding reaction picks under Discord's reaction bucket (one add or removal per 250 ms per
 * channel). `n` people react to one drop within a second; the figure is how long until every pick is
 * removed again (so nobody sees the others' answers), through the real adapter, against a bare
 * discord.js client removing the same reactions on the same fake. Extrapolated to 2,000 picks. Beside
 * it: the same `n` people answering with buttons, which need no removal and stay private.
 */
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { createDiscordAdapter } from '../src/adapters/discord/index.ts';
import { emojiOf } from '../src/adapters/discord/render.ts';
import type { FakeDiscord } from '../tests/fakes/discord/index.ts';
import { bareQuestion, fakeGuild } from './discord-load.ts';
import type { Figure } from './lib.ts';
import { lettersOf, platformWorld, realClock } from './platform-world.ts';

const BUCKET_MS = 250;
const REMOVAL = /\/reactions\/[^/]+\/\d{17,20}$/;

/** Dispatches one reaction per user, 50 ms apart in 20 waves, and resolves when `n` removals got 204. */
async function pickAndHide(fake: FakeDiscord, users: string[], messageId: string, letters: string[]): Promise<{ hiddenMs: number; limited: number }> {
  const since = fake.calls.length;
  const n = users.length;
  const done = fake.waitForCall('DELETE', REMOVAL, { nth: n, since, where: (c) => c.status === 204, timeoutMs: 60_000 + n * BUCKET_MS * 2 });
  const startAt = Date.now();
  users.forEach((userId, i) =>
    setTimeout(() => fake.dispatch('MESSAGE_REACTION_ADD', fake.payloads.reactionAdd({ userId, messageId, emoji: emojiOf(letters[i % letters.length]!) })), Math.floor(i / Math.ceil(n / 20)) * 50),
  );
  const last = await done;
  return { hiddenMs: last.at - startAt, limited: fake.calls.slice(since).filter((c) => c.status === 429 && REMOVAL.test(c.path)).length };
}

async function stepwise(n: number): Promise<{ hiddenMs: number; limited: number; buttonsMs: number }> {
  const { fake, users } = await fakeGuild(n, BUCKET_MS);
  const w = platformWorld();
  const guild = fake.state.guild.id;
  const adapter = createDiscordAdapter(w.tutor, { token: fake.token, apiUrl: fake.apiUrl, guildId: guild, clock: realClock, log: w.logs.log, admins: [] });
  w.ports.set('discord', adapter.port);
  try {
    await adapter.start();
    const channel = { platform: 'discord', workspace: guild, channel: fake.state.channel.id };
    const drop = await w.tutor.postDrop({ channel }, Date.now());
    const letters = lettersOf(w, drop!.questionId);
    await fake.waitForCall('PUT', /\/reactions\/.+\/@me$/, { nth: letters.length, where: (c) => c.status === 204, timeoutMs: 30_000 });
    const hidden = await pickAndHide(fake, users, drop!.messageRef!, letters);
    // Buttons on a second drop: answered privately, nothing to hide.
    const second = await w.tutor.postDrop({ channel }, Date.now());
    const since = fake.calls.length;
    const startAt = Date.now();
    const replies = fake.waitForCall('POST', /\/callback$/, { nth: n, since, timeoutMs: 60_000 });
    users.forEach((userId) =>
      fake.interact(fake.payloads.buttonInteraction({ userId, message: second!.messageRef!, customId: `stepwise:answer:${second!.id}:${letters[0]}` })),
    );
    const last = await replies;
    return { ...hidden, buttonsMs: last.at - startAt };
  } finally {
    await adapter.stop().catch(() => undefined);
    await fake.close();
    w.cleanup();
  }
}

async function bare(n: number): Promise<{ hiddenMs: number; limited: number }> {
  const { fake, users } = await fakeGuild(n, BUCKET_MS);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Reaction, Partials.User],
    rest: { api: fake.apiUrl },
  });
  client.on(Events.MessageReactionAdd, (reaction, user) => void reaction.users.remove(user.id).catch(() => undefined));
  try {
    const question = { id: await bareQuestion(client, fake) };
    return await pickAndHide(fake, users, question.id, ['A', 'B', 'C', 'D']);
  } finally {
    await client.destroy();
    await fake.close();
  }
}

/** The scenario with `n` people picking by reaction (and, beside it, by button). */
export async function discordReactions(n: number): Promise<Figure[]> {
  process.stderr.write(`  discord reactions: ${n} picks hidden under the 250 ms bucket (~${Math.ceil((n * BUCKET_MS) / 1000)} s each run)\n`);
  const ours = await stepwise(n);
  const base = await bare(n);
  const s = 'discord reactions';
  const per = ours.hiddenMs / n;
  return [
    { scenario: s, metric: `${n} picks hidden (last removal)`, value: ours.hiddenMs, unit: 'ms', baseline: base.hiddenMs, ratio: base.hiddenMs / ours.hiddenMs, target: `>= ${n * BUCKET_MS} ms (the bucket)`, pass: ours.hiddenMs >= (n - 1) * BUCKET_MS },
    { scenario: s, metric: 'ms per removal', value: per, unit: 'ms', baseline: base.hiddenMs / n },
    { scenario: s, metric: '2,000 picks hidden, extrapolated', value: (per * 2000) / 60_000, unit: 'min', baseline: (base.hiddenMs / n) * 2000 / 60_000 },
    { scenario: s, metric: 'reaction 429s (discord.js learning the bucket)', value: ours.limited, unit: '', baseline: base.limited },
    { scenario: s, metric: `${n} button answers, last reply`, value: ours.buttonsMs, unit: 'ms', baseline: ours.hiddenMs, ratio: ours.hiddenMs / ours.buttonsMs, target: 'private at once, nothing to hide' },
  ];
}
