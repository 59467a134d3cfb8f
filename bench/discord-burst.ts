/**
 * Scenario 4: a burst of reaction answers through the fake gateway, every reply a DM, under
 * Discord-like rate limits; against a bare discord.js client making the same REST calls.
 */
import { Client, EmbedBuilder, Events, GatewayIntentBits, Partials, RESTEvents, type RateLimitData } from 'discord.js';
import { createDiscordAdapter } from '../src/adapters/discord/index.ts';
import type { Figure } from './lib.ts';
import { bareQuestion, fakeGuild, reactionBurst, type BurstOutcome } from './discord-load.ts';
import { lettersOf, platformWorld, realClock } from './platform-world.ts';

/** A burst's outcome plus what the bot side saw: rate-limit waits, and for Stepwise the answers. */
interface Run extends BurstOutcome {
  waitsGlobal: number;
  waitsRoute: number;
  stored?: number;
  /** ms from the first dispatch to the last answer committed (Stepwise) or the last reaction event handled (bare). */
  lastHandledMs: number;
}

/** Stepwise: the real adapter on a real tutor and SQLite file, the drop posted by the adapter. */
async function stepwiseRun(n: number): Promise<Run> {
  const { fake, users } = await fakeGuild(n);
  const w = platformWorld();
  const guild = fake.state.guild.id;
  const adapter = createDiscordAdapter(w.tutor, { token: fake.token, apiUrl: fake.apiUrl, guildId: guild, clock: realClock, log: w.logs.log, admins: [] });
  w.ports.set('discord', adapter.port);
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= adapter.stop());
  try {
    await adapter.start();
    const drop = await w.tutor.postDrop({ channel: { platform: 'discord', workspace: guild, channel: fake.state.channel.id } }, Date.now());
    if (!drop?.messageRef) throw new Error('the drop was not posted');
    const letters = lettersOf(w, drop.questionId);
    // The bot's own reactions go on first, as they would before anyone answers.
    await fake.waitForCall('PUT', /\/reactions\/.+\/@me$/, { nth: letters.length, timeoutMs: 30_000 });

    // Instrumented only to learn when the last answer was committed (the reply follows the commit).
    let lastAnswerAt = 0;
    const answer = w.tutor.answerByMessage;
    w.tutor.answerByMessage = async (...args) => {
      const reply = await answer(...args);
      lastAnswerAt = Date.now();
      return reply;
    };
    const outcome = await reactionBurst(fake, users, drop.messageRef, letters, `discord: ${n} reactions to Stepwise (DMs)`);
    // stop() waits for work still under way (the last reaction removals) before the count.
    const stopAt = Date.now();
    await stop();
    const waits = w.logs.warnings.filter((l) => l.event === 'discord.rate_limited');
    // discord.js 14.28 emits ShardReconnecting when the client is destroyed: not a failure of the burst.
    const failures = w.logs.warnings.filter((l) => l.event !== 'discord.rate_limited' && !(l.event === 'discord.reconnecting' && Number(l.fields.at) >= stopAt));
    if (failures.length) process.stderr.write(`  discord: ${failures.length} warning(s), first: ${JSON.stringify(failures[0])}\n`);
    return {
      ...outcome,
      waitsGlobal: waits.filter((l) => l.fields.global === true).length,
      waitsRoute: waits.filter((l) => l.fields.global !== true).length,
      stored: w.answersFor(drop.id),
      lastHandledMs: lastAnswerAt - outcome.startAt,
    };
  } finally {
    await stop().catch(() => undefined);
    await fake.close();
    w.cleanup();
  }
}

/**
 * The baseline: a bare discord.js client (same intents, partials and REST settings, no Stepwise)
 * that answers each reaction with exactly the REST calls Stepwise makes: remove the reaction, open
 * the DM channel, send one embed. Same fake, same rate limits, same burst; so the ratio shows what
 * Stepwise adds beyond the calls and limits every reaction-answering bot has to live with.
 */
async function bareRun(n: number): Promise<Run> {
  const { fake, users } = await fakeGuild(n);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.DirectMessages],
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
    allowedMentions: { parse: [] },
    rest: { api: fake.apiUrl },
  });
  const waits: RateLimitData[] = [];
  client.rest.on(RESTEvents.RateLimited, (info) => waits.push(info));
  const inFlight = new Set<Promise<unknown>>();
  let lastEventAt = 0;
  const reply = new EmbedBuilder().setTitle('Correct: B').setDescription('The worked solution would be here.');
  client.on(Events.MessageReactionAdd, (reaction, user) => {
    lastEventAt = Date.now();
    const work = Promise.all([reaction.users.remove(user.id), client.users.send(user.id, { embeds: [reply] })]).catch((err: unknown) =>
      process.stderr.write(`  bare discord.js: ${String(err)}\n`),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  try {
    const question = { id: await bareQuestion(client, fake) };
    const outcome = await reactionBurst(fake, users, question.id, ['A', 'B', 'C', 'D'], `discord baseline: ${n} reactions to bare discord.js (DMs)`);
    while (inFlight.size) await Promise.allSettled([...inFlight]);
    return { ...outcome, lastHandledMs: lastEventAt - outcome.startAt, waitsGlobal: waits.filter((w) => w.global).length, waitsRoute: waits.filter((w) => !w.global).length };
  } finally {
    await client.destroy();
    await fake.close();
  }
}

/** Scenario 4 with `n` members reacting within one second. */
export async function discordBurst(n: number): Promise<Figure[]> {
  const ours = await stepwiseRun(n);
  const base = await bareRun(n);
  const count = n.toLocaleString('en');
  const s = 'discord burst';
  const perSecond = (r: Run) => n / (r.lastDmMs / 1000);
  return [
    { scenario: s, metric: `${count} reactions dispatched in`, value: ours.dispatchMs, unit: 'ms', baseline: base.dispatchMs, target: '<= 1000 ms', pass: ours.dispatchMs <= 1000 },
    { scenario: s, metric: 'first reaction to last DM', value: ours.lastDmMs, unit: 'ms', baseline: base.lastDmMs, ratio: base.lastDmMs / ours.lastDmMs },
    { scenario: s, metric: 'answers stored', value: ours.stored ?? 0, unit: '', target: `= ${count}`, pass: ours.stored === n },
    // The bare client stores nothing: its figure is when it got the last reaction event, so the
    // ratio says whether storing answers keeps up with the gateway. Both are bounded by the second of dispatch.
    { scenario: s, metric: 'first reaction to last answer stored', value: ours.lastHandledMs, unit: 'ms', baseline: base.lastHandledMs, ratio: base.lastHandledMs / ours.lastHandledMs },
    { scenario: s, metric: 'answers replied per second', value: perSecond(ours), unit: '/s', baseline: perSecond(base), ratio: perSecond(ours) / perSecond(base) },
    { scenario: s, metric: 'DMs sent (200 from the fake)', value: ours.dms, unit: '', baseline: base.dms, target: `= ${count}, none lost`, pass: ours.dms === n },
    { scenario: s, metric: '429s on opening a DM', value: ours.dmCreate429, unit: '', baseline: base.dmCreate429 },
    { scenario: s, metric: '429s on sending a DM', value: ours.dmSend429, unit: '', baseline: base.dmSend429 },
    { scenario: s, metric: '429s elsewhere', value: ours.other429, unit: '', baseline: base.other429, target: '= 0', pass: ours.other429 === 0 },
    { scenario: s, metric: '429s from the global 50/s', value: ours.global429, unit: '', baseline: base.global429 },
    { scenario: s, metric: 'discord.js waits, route buckets', value: ours.waitsRoute, unit: '', baseline: base.waitsRoute },
    {
      scenario: s,
      metric: 'discord.js waits, global 50/s',
      value: ours.waitsGlobal,
      unit: '',
      baseline: base.waitsGlobal,
      target: 'waits > 0, no DM lost',
      pass: ours.waitsRoute + ours.waitsGlobal > 0 && ours.dms === n,
    },
  ];
}
