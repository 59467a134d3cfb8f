/**
 * Scenario 3: a burst of signed button answers into the real Bolt HTTP receiver of the Slack adapter,
 * against a bare Bolt app that only acks the same requests.
 *
 * Three processes, as in production: this one runs Stepwise (tutor, SQLite, Slack adapter with
 * Bolt's HTTPReceiver) and the bare Bolt baseline; one child runs the fake Slack Web API; another
 * fires the signed requests and times each until its HTTP 200. (Measured all in one process, the
 * clients and the fake shared the bot's event loop, and even the bare baseline took seconds to ack.)
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { App } from '@slack/bolt';
import { boltLogger } from '../src/adapters/slack/bolt-logger.ts';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { IDS } from '../tests/fakes/slack/index.ts';
import { spawnChild } from './child-rpc.ts';
import { progress, quantile, type Figure } from './lib.ts';
import { countingLog, lettersOf, platformWorld, realClock } from './platform-world.ts';
import type { BurstArgs, BurstResult } from './slack-side.ts';

const SECRET = 'stepwise-bench-signing-secret';
const SIDE = join(import.meta.dirname, 'slack-side.ts');

/**
 * The baseline: a bare Bolt app (same Bolt, same HTTPReceiver, same signing secret, same process)
 * whose one listener acks every action and does nothing else, fed the very same block_actions
 * requests. It pays Bolt's receive, body buffering, signature check, parse, routing and ack, and
 * nothing of Stepwise. url_verification would skip Bolt's dispatch (the receiver answers it before
 * the app sees it), and an unknown action on Stepwise's own app is never acked (Bolt answers after
 * its 3 s unhandled-request timeout), so neither would measure Bolt's own cost honestly.
 */
async function bareBolt(apiUrl: string, botToken: string) {
  const app = new App({ signingSecret: SECRET, token: botToken, deferInitialization: true, convoStore: false, logger: boltLogger(countingLog().log), clientOptions: { slackApiUrl: apiUrl } });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  await app.init();
  const server = (await app.start(0)) as Server;
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, stop: () => app.stop() };
}

/** Scenario 3 with `n` distinct members answering one drop by button at the same moment. */
export async function slackBurst(n: number): Promise<Figure[]> {
  // Progress of the current burst: acks from the sender, ephemeral replies (Stepwise only) from the fake.
  let [acks, replies, total, tick] = [0, 0, n, progress('slack')];
  const onEvent = (e: unknown) => {
    const ev = e as { acks?: number; replies?: number };
    acks = ev.acks ?? acks;
    replies = ev.replies ?? replies;
    tick(acks + replies, total);
  };
  const fake = spawnChild(SIDE, ['fake'], onEvent);
  const sender = spawnChild(SIDE, ['sender'], onEvent);
  const w = platformWorld();
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const slack = await fake.call<{ apiUrl: string; botToken: string; users: string[]; responseUrls: string[] }>('start', { members: n });
    const adapter = createSlackAdapter(w.tutor, { botToken: slack.botToken, signingSecret: SECRET, port: 0, apiUrl: slack.apiUrl, admins: [], clock: realClock, log: w.logs.log });
    w.ports.set(adapter.port.platform, adapter.port);
    stops.push(() => adapter.stop());
    await adapter.start();
    const bare = await bareBolt(slack.apiUrl, slack.botToken);
    stops.push(() => bare.stop());

    const drop = await w.tutor.postDrop({ channel: { platform: 'slack', workspace: IDS.team, channel: IDS.quizChannel } }, Date.now());
    if (!drop?.messageRef) throw new Error('the drop was not posted');
    const args = (url: string, users: string[], responseUrls: string[]): BurstArgs => ({
      url,
      signingSecret: SECRET,
      users,
      dropId: drop.id,
      ts: drop.messageRef!.split(':')[1]!,
      letters: lettersOf(w, drop.questionId),
      responseUrls,
    });
    const burst = async (label: string, a: BurstArgs, withReplies = false) => {
      [acks, replies, total, tick] = [0, 0, a.users.length * (withReplies ? 2 : 1), progress(label)];
      return sender.call<BurstResult>('burst', a);
    };

    // Warm-up of sockets and Bolt's code paths (shared by both apps), so neither measured burst pays for JIT.
    const warm = slack.users.slice(0, Math.min(200, n));
    await burst('slack warm-up on bare Bolt (acks)', args(bare.url, warm, await fake.call<string[]>('reissue', { users: warm })));
    const base = await burst(`slack baseline: ${n} acks by bare Bolt`, args(bare.url, slack.users, await fake.call<string[]>('reissue', { users: slack.users })));
    if (base.non200) process.stderr.write(`  slack: the bare Bolt baseline answered ${base.non200} request(s) with something other than 200\n`);

    const since = await fake.call<{ calls: number; responses: number }>('mark');
    type Feedback = { lastAt: number; ok: number; failed: number; methods: Record<string, number>; limited: number };
    const replied = fake.call<Feedback>('feedback', { n, since, timeoutMs: 60_000 + n * 50 });
    void replied.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    const ours = burst(`slack: ${n} button answers to Stepwise (acks + replies)`, args(`http://127.0.0.1:${adapter.httpPort()}/slack/events`, slack.users, slack.responseUrls), true);
    // A drop asked for while the burst is being taken in: it goes out on the channel client.
    while (acks < n / 4) await new Promise((resolve) => setTimeout(resolve, 5));
    const askedAt = Date.now();
    const midDrop = w.tutor.postDrop({ channel: { platform: 'slack', workspace: IDS.team, channel: IDS.otherChannel } }, askedAt);
    const postedAt = await fake.call<number>('postedIn', { channel: IDS.otherChannel, since: since.calls });
    await midDrop;
    const result = await ours;
    const done = await replied;
    await adapter.idle();
    const stored = w.answersFor(drop.id);
    // Each answer's stamp against the moment its click left the sender (same machine clock): how late it was taken.
    const lags = (w.db.prepare('SELECT user_id AS u, answered_at AS at FROM answers WHERE drop_id = ?').all(drop.id) as { u: string; at: number }[]).map(
      (r) => r.at - (result.sentAt[r.u] ?? r.at),
    );
    const warned = w.logs.warnings;
    if (warned.length) process.stderr.write(`  slack: ${warned.length} warning(s), first: ${JSON.stringify(warned[0])}\n`);
    process.stderr.write(`  slack: Web API calls during the burst: ${JSON.stringify(done.methods)}, 429s: ${done.limited}\n`);

    const count = n.toLocaleString('en');
    const wallMs = done.lastAt - result.startAt;
    const baseWallMs = base.endAt - base.startAt;
    const dropMs = postedAt - askedAt;
    return [
      { scenario: 'slack burst', metric: `ack p50 (${count} at once)`, value: result.p50, unit: 'ms', baseline: base.p50, ratio: base.p50 / result.p50 },
      {
        scenario: 'slack burst',
        metric: `ack p99 (${count} at once)`,
        value: result.p99,
        unit: 'ms',
        baseline: base.p99,
        ratio: base.p99 / result.p99,
        target: 'p99 < 3000 ms, all 200',
        pass: result.p99 < 3000 && result.non200 === 0,
      },
      { scenario: 'slack burst', metric: 'answers stored', value: stored, unit: '', target: `= ${count}`, pass: stored === n },
      { scenario: 'slack burst', metric: 'answer stamp after click, p99', value: quantile(lags, 0.99), unit: 'ms', target: 'the click time (< 1000 ms)', pass: quantile(lags, 0.99) < 1000 },
      { scenario: 'slack burst', metric: 'feedback delivered', value: done.ok, unit: '', target: `= ${count}, none failed or dropped`, pass: done.ok === n && done.failed === 0 },
      { scenario: 'slack burst', metric: 'first click to last feedback', value: wallMs, unit: 'ms', baseline: baseWallMs, ratio: baseWallMs / wallMs, target: '< 10000 ms', pass: wallMs < 10_000 },
      { scenario: 'slack burst', metric: 'drop asked mid-burst to Slack', value: dropMs, unit: 'ms', target: '< 2000 ms', pass: dropMs < 2000 },
    ];
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await fake.call('close').catch(() => undefined);
    await Promise.all([fake.stop(), sender.stop()]);
    w.cleanup();
  }
}
