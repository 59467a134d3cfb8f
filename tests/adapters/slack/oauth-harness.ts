/**
 * A tutor on real SQLite with the REAL Slack adapter in OAuth mode (Bolt's installer, HTTP receiver)
 * against the fake Slack holding two workspaces. `install()` walks the browser's part of the flow:
 * /slack/install → Slack's authorize page → /slack/oauth_redirect with the state cookie.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/index.ts';
import { createFolderSource } from '../../../src/content/folder.ts';
import { PackRegistry } from '../../../src/core/packs.ts';
import type { ChatPort, Store } from '../../../src/core/ports.ts';
import { createTutor, type Tutor } from '../../../src/core/tutor.ts';
import { nodeCronCalendar } from '../../../src/scheduler/calendar.ts';
import { openDatabase } from '../../../src/store/index.ts';
import { createAsyncSqliteStore } from '../../../src/store/sqlite-async.ts';
import { createSlackSender, IDS, IDS_B, secondWorkspace, startFakeSlack, type FakeSlack, type ResponsePost } from '../../fakes/slack/index.ts';
import { CONTENT, T0 } from '../../helpers/world.ts';
import { FAST_RETRIES, recordingLog, SIGNING_SECRET } from './harness.ts';

export { IDS, IDS_B, T0 };
export const CLIENT = { clientId: '1111111111.2222222222', clientSecret: 'fake-client-secret-0123456789' };
export const STATE_SECRET = 'fake-state-secret-for-tests';
export const SECRET = 'test-stepwise-secret-0123456789-abcdef';

/** Options: secrets (for rotation tests), and an existing database directory to reopen. */
export interface OAuthWorldOptions {
  secret?: string;
  previousSecret?: string;
  dir?: string;
  fake?: FakeSlack;
}

/** Starts (or reuses) the fake Slack with two workspaces, a tutor on SQLite, and the adapter in OAuth mode. */
export async function startOAuthWorld(opts: OAuthWorldOptions = {}) {
  const fake = opts.fake ?? (await startFakeSlack({ oauth: CLIENT, teams: [secondWorkspace()] }));
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'stepwise-oauth-'));
  const db: Database.Database = openDatabase(join(dir, 'stepwise.db'));
  const store: Store = createAsyncSqliteStore(db);
  let now = T0;
  const clock = { now: () => now };
  const { log, lines } = recordingLog();
  const ports = new Map<string, ChatPort>();
  const tutor: Tutor = createTutor({
    store,
    packs: new PackRegistry(createFolderSource(join(CONTENT, '01-ml-lifecycle.md'))),
    calendar: nodeCronCalendar,
    log,
    settings: { tz: 'UTC', windowMs: 3_600_000, catchupMs: 3_600_000, easyMs: 15_000 },
    chat: (p) => ports.get(p),
    defer: setImmediate,
  });
  tutor.reload();
  const adapter: SlackAdapter = createSlackAdapter(tutor, {
    oauth: { clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, stateSecret: STATE_SECRET, secret: opts.secret ?? SECRET, ...(opts.previousSecret ? { previousSecret: opts.previousSecret } : {}), store },
    signingSecret: SIGNING_SECRET,
    port: 0,
    apiUrl: fake.apiUrl,
    admins: [],
    clock,
    log,
    retryConfig: FAST_RETRIES,
  });
  ports.set(adapter.port.platform, adapter.port);
  await adapter.start();
  const base = `http://127.0.0.1:${adapter.httpPort()}`;
  const sender = createSlackSender({ url: `${base}/slack/events`, signingSecret: SIGNING_SECRET });
  // The redirect URL configured on the app (the manifest's oauth_config.redirect_urls), now that the port is known.
  fake.installs!.app.redirectUri = `${base}/slack/oauth_redirect`;

  /** Installs the app into `team` as `user`, the way a browser does; returns each step's status. */
  async function install(team: string, user: string) {
    const page = await fetch(`${base}/slack/install`);
    const html = await page.text();
    const cookie = page.headers.get('set-cookie')?.split(';')[0];
    const href = /<a href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    if (!href || !cookie) throw new Error(`no install link or state cookie on /slack/install: ${page.status} ${html.slice(0, 200)}`);
    fake.installs!.installAs = { team, user };
    const approve = await fetch(href, { redirect: 'manual' });
    const location = approve.headers.get('location');
    if (approve.status !== 302 || !location) throw new Error(`authorize refused: ${approve.status} ${await approve.text()}`);
    const done = await fetch(location, { headers: { cookie } });
    return { authorizeUrl: href, redirect: location, status: done.status, body: await done.text() };
  }

  /** Sends `/quiz <text>` from a workspace; `response()` waits for the reply on its response_url. */
  async function command(team: string, userId: string, userName: string, channelId: string, text: string) {
    const fields = fake.payloads.slashCommand({ text, userId, userName, teamId: team, teamDomain: team.toLowerCase(), channelId });
    const id = fields.response_url!.split('/').pop()!;
    const res = await sender.sendCommand(fields);
    return { res, response: (): Promise<ResponsePost> => fake.waitForResponse((p) => p.id === id, { timeoutMs: 5000 }) };
  }

  const teams = {
    a: { team: IDS.team, admin: IDS.admin, adminName: 'ada', member: IDS.member, channel: IDS.quizChannel },
    b: { team: IDS_B.team, admin: IDS_B.admin, adminName: 'bea', member: IDS_B.member, channel: IDS_B.quizChannel },
  };

  return {
    fake,
    tutor,
    adapter,
    store,
    sender,
    db,
    dir,
    logs: lines,
    teams,
    clock: { set: (t: number) => void (now = t), advance: (ms: number) => void (now += ms) },
    install,
    command,
    /** Stops the adapter and closes the database, keeping the directory (and the fake unless `all`). */
    async stop(all = false) {
      await adapter.stop();
      db.close();
      if (all) {
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export type OAuthWorld = Awaited<ReturnType<typeof startOAuthWorld>>;
