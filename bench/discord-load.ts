/** The Discord side of the discord-burst scenario: a fake guild full of members, Discord-like rate limits, and a reaction burst. */
import { Events, type Client } from 'discord.js';
import { emojiOf } from '../src/adapters/discord/render.ts';
import { startFakeDiscord, type FakeDiscord, type RateLimitSpec, type RecordedCall } from '../tests/fakes/discord/index.ts';
import { progress } from './lib.ts';

const DM_CREATE = /^\/users\/@me\/channels$/;
const MESSAGES = /^\/channels\/\d+\/messages$/;

/**
 * Discord-like per-route buckets. Discord publishes no numbers (clients learn them from the
 * X-RateLimit-* headers of each answer), so these are assumptions shaped like what it reports:
 * - opening a DM channel (10 per 0.5 s) has no top-level id in its route, so it is one bucket for
 *   the whole bot, announced in the headers: discord.js sees it coming and queues;
 * - sending a message is limited per channel, but with one DM per person that bucket never fills;
 *   what stops a DM burst is a bot-wide limit across DM channels (10 per 0.5 s, shared scope), which
 *   discord.js tracks per channel, so it only learns of it from a 429 with Retry-After. Only that
 *   one is modelled (the fake applies the first spec a route matches).
 * On top of both, discord.js holds itself to Discord's global 50 requests/s, which the fake enforces too.
 */
export function discordRateLimits(): RateLimitSpec[] {
  return [
    { method: 'POST', path: DM_CREATE, limit: 10, windowSeconds: 0.5 },
    // Also covers the channel the drop goes to; nothing is posted there during the burst.
    { method: 'POST', path: MESSAGES, limit: 10, windowSeconds: 0.5, perResource: false },
  ];
}

/**
 * A fake Discord whose guild has `n` extra members, with the rate limits above switched on. The reaction
 * bucket (one add or removal per 250 ms per channel) is off unless asked for: hiding 2,000 picks under it
 * takes over eight minutes, which discord-reactions.ts measures on its own.
 */
export async function fakeGuild(n: number, reactionIntervalMs = 0): Promise<{ fake: FakeDiscord; users: string[] }> {
  const fake = await startFakeDiscord({
    extraMembers: Array.from({ length: n }, (_, i) => ({ username: `learner${i}`, globalName: `Learner ${i}` })),
    rateLimits: discordRateLimits(),
    reactionIntervalMs,
  });
  const users = [...fake.state.userById.values()].filter((u) => u.username.startsWith('learner')).map((u) => u.id);
  return { fake, users };
}

/** What one burst did, as the fake saw it. */
export interface BurstOutcome {
  /** Date.now() at the first dispatch, and ms until the last dispatch went out. */
  startAt: number;
  dispatchMs: number;
  /** ms from the first dispatch to the fake's record of the last successful DM. */
  lastDmMs: number;
  dms: number;
  /** 429s the fake answered during the burst, by route. */
  dmCreate429: number;
  dmSend429: number;
  other429: number;
  /** 429s from Discord's global 50/s (the fake's window and discord.js's own never line up exactly). */
  global429: number;
}

/**
 * Dispatches one MESSAGE_REACTION_ADD per user on `messageId`, spread evenly over one second (20
 * waves 50 ms apart, as a busy channel would send them), and resolves when the fake has accepted
 * one DM message for each user. Waits on the fake's call log, never by sleeping.
 */
export async function reactionBurst(fake: FakeDiscord, users: string[], messageId: string, letters: string[], label: string): Promise<BurstOutcome> {
  const n = users.length;
  const since = fake.calls.length;
  const isDm = (c: RecordedCall) => fake.state.channels.get(c.path.split('/')[2] ?? '')?.type === 1;
  const tick = progress(label);
  let dms = 0;
  const lastDm = fake.waitForCall('POST', MESSAGES, {
    nth: n,
    since,
    // Runs once for each recorded call (the counter doubles as progress).
    where: (c) => c.status === 200 && isDm(c) && (tick(++dms, n), true),
    timeoutMs: 120_000 + n * 250,
  });
  const startAt = Date.now();
  const waves = 20;
  const per = Math.ceil(n / waves);
  const dispatched = new Promise<number>((resolve) => {
    for (let k = 0; k < waves; k++) {
      setTimeout(() => {
        users.slice(k * per, (k + 1) * per).forEach((userId, j) => {
          const letter = letters[(k * per + j) % letters.length]!;
          fake.dispatch('MESSAGE_REACTION_ADD', fake.payloads.reactionAdd({ userId, messageId, emoji: emojiOf(letter) }));
        });
        if (k === waves - 1) resolve(Date.now() - startAt);
      }, k * 50);
    }
  });
  const dispatchMs = await dispatched;
  const last = await lastDm;
  const calls = fake.calls.slice(since);
  const global429 = calls.filter((c) => c.status === 429 && c.limitedBy === 'global').length;
  const limited = calls.filter((c) => c.status === 429 && c.limitedBy !== 'global');
  return {
    startAt,
    dispatchMs,
    lastDmMs: last.at - startAt,
    dms: calls.filter((c) => c.method === 'POST' && MESSAGES.test(c.path) && c.status === 200 && isDm(c)).length,
    dmCreate429: limited.filter((c) => DM_CREATE.test(c.path)).length,
    dmSend429: limited.filter((c) => MESSAGES.test(c.path)).length,
    other429: limited.filter((c) => !DM_CREATE.test(c.path) && !MESSAGES.test(c.path)).length,
    global429,
  };
}

/** Logs a bare discord.js client in to the fake and posts a plain question; returns its message id. */
export async function bareQuestion(client: Client, fake: FakeDiscord): Promise<string> {
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(fake.token);
  await ready;
  const channel = await client.channels.fetch(fake.state.channel.id);
  if (!channel?.isSendable()) throw new Error('the fake channel is not sendable');
  return (await channel.send({ content: 'Question #1' })).id;
}
