/**
 * Slack's side of the slack-burst scenario, run as child processes (`fake` or `sender`) so the
 * fake Web API and the 2,000 HTTP clients do not share the bot's event loop, as Slack would not.
 */
import { request } from 'node:http';
import { answerActionId } from '../src/adapters/slack/refs.ts';
import { IDS, nowSeconds, signSlackRequest, slackPayloads, startFakeSlack, type FakeSlack } from '../tests/fakes/slack/index.ts';
import { emit, serveParent } from './child-rpc.ts';
import { quantile } from './lib.ts';

/** What a burst sends: one button answer per member to one drop. */
export interface BurstArgs {
  url: string;
  signingSecret: string;
  users: string[];
  dropId: number;
  ts: string;
  letters: string[];
  /** Each member's response_url, issued by the fake for their click (feedback goes there). */
  responseUrls: string[];
}

/** How a burst went, as the clients saw it. */
export interface BurstResult {
  p50: number;
  p99: number;
  non200: number;
  /** Date.now() when the first request went out and when the last answer came back. */
  startAt: number;
  endAt: number;
  /** Date.now() when each member's request went out, by user id. */
  sentAt: Record<string, number>;
}

/** `n` members of #quiz, so users.info and chat.postEphemeral accept them. */
function addMembers(fake: FakeSlack, n: number): string[] {
  const quiz = fake.state.channel(IDS.quizChannel)!;
  const ids = Array.from({ length: n }, (_, i) => `U0B${String(i).padStart(6, '0')}`);
  for (const [i, id] of ids.entries()) {
    // Pushed directly: upsertUser searches the list each time, quadratic for thousands.
    fake.workspace.users.push({ id, name: `learner${i}`, realName: `Learner ${i}`, displayName: `learner${i}`, isAdmin: false, isOwner: false, isBot: false });
    quiz.members.push(id);
  }
  return ids;
}

function fakeRole(): void {
  let fake: FakeSlack | undefined;
  serveParent({
    // Rate limits on, as on Slack: Tier 4 users.info / chat.postEphemeral, special chat.postMessage.
    start: async ({ members }: { members: number }) => {
      fake = await startFakeSlack();
      // The bot is also in #random, where a drop is asked for in the middle of the burst.
      fake.state.channel(IDS.otherChannel)!.members.push(fake.workspace.botUserId);
      const users = addMembers(fake, members);
      return { apiUrl: fake.apiUrl, botToken: fake.botToken, users, responseUrls: users.map((u) => fake!.newResponseUrl(u)) };
    },
    /** Fresh response URLs for a second burst (each works 5 times within 30 minutes). */
    reissue: ({ users }: { users: string[] }) => users.map((u) => fake!.newResponseUrl(u)),
    mark: () => ({ calls: fake!.calls.length, responses: fake!.responses.length }),
    /** Resolves once `n` ephemerals reached the members (by response_url or chat.postEphemeral) after `since`. */
    feedback: async ({ n, since, timeoutMs }: { n: number; since: { calls: number; responses: number }; timeoutMs: number }) => {
      const deadline = Date.now() + timeoutMs;
      const count = () => {
        const posts = fake!.responses.slice(since.responses);
        const calls = fake!.calls.slice(since.calls).filter((c) => c.method === 'chat.postEphemeral' || (c.method === 'chat.postMessage' && String(c.body.channel).startsWith('D')));
        const ok = posts.filter((p) => p.status === 200).length + calls.filter((c) => c.response.ok === true).length;
        const last = Math.max(0, ...posts.filter((p) => p.status === 200).map((p) => p.at), ...calls.filter((c) => c.response.ok === true).map((c) => c.at));
        return { ok, last, failedPosts: posts.filter((p) => p.status !== 200).length, failedCalls: calls.filter((c) => c.response.ok !== true).length };
      };
      let now = count();
      while (now.ok < n && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        now = count();
        emit({ replies: now.ok });
      }
      const methods: Record<string, number> = {};
      for (const c of fake!.calls.slice(since.calls)) methods[c.method] = (methods[c.method] ?? 0) + 1;
      const limited = fake!.calls.slice(since.calls).filter((c) => c.status === 429).length;
      return { lastAt: now.last, ok: now.ok, failed: now.failedPosts + now.failedCalls, methods, limited };
    },
    /** When the first chat.postMessage into `channel` arrived after `since`. */
    postedIn: async ({ channel, since }: { channel: string; since: number }) => (await fake!.waitForCall('chat.postMessage', (c) => c.body.channel === channel && c.status === 200, { since, timeoutMs: 30_000 })).at,
    close: async () => fake?.close(),
  });
}

/**
 * One signed request on its own connection, timed from the moment it is handed to node:http to its
 * response headers. Bodies are signed beforehand and no keep-alive pool is shared, so every burst
 * (baseline or Stepwise) pays the same client cost and no burst inherits warm sockets from another.
 */
function post(url: URL, body: string, headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const req = request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const ms = performance.now() - start;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms }));
    });
    // A refused or reset connection is a failed ack, not a crash of the benchmark.
    req.on('error', () => resolve({ status: 0, ms: performance.now() - start }));
    req.end(body);
  });
}

function senderRole(): void {
  serveParent({
    burst: async (a: BurstArgs): Promise<BurstResult> => {
      const url = new URL(a.url);
      const requests = a.users.map((userId, i) => {
        const letter = a.letters[i % a.letters.length]!;
        const payload = slackPayloads.blockActions({
          actionId: answerActionId(letter),
          value: `${a.dropId}:${letter}`,
          userId,
          userName: `learner${i}`,
          messageTs: a.ts,
          responseUrl: a.responseUrls[i]!,
        });
        const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
        const timestamp = nowSeconds();
        // Exactly this content type: Bolt 5.1 compares it with ===.
        const headers = {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signSlackRequest(a.signingSecret, timestamp, body),
        };
        return { body, headers };
      });
      let done = 0;
      const startAt = Date.now();
      const sentAt: Record<string, number> = {};
      const results = await Promise.all(
        requests.map((r, i) =>
          ((sentAt[a.users[i]!] = Date.now()), post(url, r.body, r.headers)).then((res) => {
            if (++done % 50 === 0 || done === requests.length) emit({ acks: done });
            return res;
          }),
        ),
      );
      const ms = results.map((r) => r.ms);
      return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), non200: results.filter((r) => r.status !== 200).length, startAt, endAt: Date.now(), sentAt };
    },
  });
}

if (process.argv[2] === 'fake') fakeRole();
else if (process.argv[2] === 'sender') senderRole();
