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
import { progress, type Figure } from './lib.ts';
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
    const slack = await fake.call<{ apiUrl: string; botToken: string; users: string[]; responseBase: string }>('start', { members: n });
    const adapter = createSlackAdapter(w.tutor, { botToken: slack.botToken, signingSecret: SECRET, port: 0, apiUrl: slack.apiUrl, admins: [], clock: realClock, log: w.logs.log });
    w.ports.set(adapter.port.platform, adapter.port);
    stops.push(() => adapter.stop());
    await adapter.start();
    const bare = await bareBolt(slack.apiUrl, slack.botToken);
    stops.push(() => bare.stop());

    const drop = await w.tutor.postDrop({ channel: { platform: 'slack', workspace: IDS.team, channel: IDS.quizChannel } }, Date.now());
    if (!drop?.messageRef) throw new Error('the drop was not posted');
    const args = (url: string, users: string[]): BurstArgs => ({
      url,
      signingSecret: SECRET,
      users,
      dropId: drop.id,
      ts: drop.messageRef!.split(':')[1]!,
      letters: lettersOf(w, drop.questionId),
      responseBase: slack.responseBase,
    });
    const burst = async (label: string, a: BurstArgs, withReplies = false) => {
      [acks, replies, total, tick] = [0, 0, a.users.length * (withReplies ? 2 : 1), progress(label)];
      return sender.call<BurstResult>('burst', a);
    };

    // Warm-up of sockets and Bolt's code paths (shared by both apps), so neither measured burst pays for JIT.
    await burst('slack warm-up on bare Bolt (acks)', args(bare.url, slack.users.slice(0, Math.min(200, n))));
    const base = await burst(`slack baseline: ${n} acks by bare Bolt`, args(bare.url, slack.users));
    if (base.non200) process.stderr.write(`  slack: the bare Bolt baseline answered ${base.non200} request(s) with something other than 200\n`);

    const since = await fake.call<number>('mark');
    const replied = fake.call<{ lastAt: number; ok: number; failed: number }>('ephemerals', { n, since, timeoutMs: 60_000 + n * 50 });
    void replied.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    const ours = await burst(`slack: ${n} button answers to Stepwise (acks + replies)`, args(`http://127.0.0.1:${adapter.httpPort()}/slack/events`, slack.users), true);
    const done = await replied;
    await adapter.idle();
    const stored = w.answersFor(drop.id);
    const warned = w.logs.warnings;
    if (warned.length) process.stderr.write(`  slack: ${warned.length} warning(s), first: ${JSON.stringify(warned[0])}\n`);

    const count = n.toLocaleString('en');
    const wallMs = done.lastAt - ours.startAt;
    const baseWallMs = base.endAt - base.startAt;
    return [
      { scenario: 'slack burst', metric: `ack p50 (${count} at once)`, value: ours.p50, unit: 'ms', baseline: base.p50, ratio: base.p50 / ours.p50 },
      {
        scenario: 'slack burst',
        metric: `ack p99 (${count} at once)`,
        value: ours.p99,
        unit: 'ms',
        baseline: base.p99,
        ratio: base.p99 / ours.p99,
        target: 'p99 < 3000 ms, all 200',
        pass: ours.p99 < 3000 && ours.non200 === 0,
      },
      { scenario: 'slack burst', metric: 'answers stored', value: stored, unit: '', target: `= ${count}`, pass: stored === n },
      { scenario: 'slack burst', metric: 'ephemeral replies', value: done.ok, unit: '', target: `= ${count}, none failed`, pass: done.ok === n && done.failed === 0 },
      // The baseline's wall time is its last ack: what Bolt alone needs to take the burst in.
      { scenario: 'slack burst', metric: 'first request to last reply', value: wallMs, unit: 'ms', baseline: baseWallMs, ratio: baseWallMs / wallMs },
    ];
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await fake.call('close').catch(() => undefined);
    await Promise.all([fake.stop(), sender.stop()]);
    w.cleanup();
  }
}
