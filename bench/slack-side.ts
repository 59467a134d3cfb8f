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
  /** A response_url base on the fake (the answer path never uses it, but Slack always sends one). */
  responseBase: string;
}

/** How a burst went, as the clients saw it. */
export interface BurstResult {
  p50: number;
  p99: number;
  non200: number;
  /** Date.now() when the first request went out and when the last answer came back. */
  startAt: number;
  endAt: number;
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
    start: async ({ members }: { members: number }) => {
      fake = await startFakeSlack();
      return { apiUrl: fake.apiUrl, botToken: fake.botToken, users: addMembers(fake, members), responseBase: fake.newResponseUrl() };
    },
    mark: () => fake!.calls.length,
    /** Resolves once `n` successful chat.postEphemeral calls arrived after `since`; each recorded call is seen once. */
    ephemerals: async ({ n, since, timeoutMs }: { n: number; since: number; timeoutMs: number }) => {
      let seen = 0;
      const last = await fake!.waitForCall(
        'chat.postEphemeral',
        (c) => {
          if (c.response.ok !== true) return false;
          seen += 1;
          if (seen % 50 === 0 || seen === n) emit({ replies: seen });
          return seen >= n;
        },
        { since, timeoutMs },
      );
      const all = fake!.calls.slice(since).filter((c) => c.method === 'chat.postEphemeral');
      return { lastAt: last.at, ok: all.filter((c) => c.response.ok === true).length, failed: all.filter((c) => c.response.ok !== true).length };
    },
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
          responseUrl: `${a.responseBase}-${i}`,
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
      const results = await Promise.all(
        requests.map((r) =>
          post(url, r.body, r.headers).then((res) => {
            if (++done % 50 === 0 || done === requests.length) emit({ acks: done });
            return res;
          }),
        ),
      );
      const ms = results.map((r) => r.ms);
      return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), non200: results.filter((r) => r.status !== 200).length, startAt, endAt: Date.now() };
    },
  });
}

if (process.argv[2] === 'fake') fakeRole();
else if (process.argv[2] === 'sender') senderRole();
