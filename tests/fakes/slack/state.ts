import { FakeViews } from './views.ts';
import type { FakeChannel, FakeUser, FakeWorkspace } from './workspace.ts';

/** A message the bot posted (or a test seeded) in a conversation. */
export interface StoredMessage {
  channel: string;
  ts: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown;
  threadTs?: string;
  ephemeralFor?: string;
  /** Files shared with the message (files.completeUploadExternal), by id. */
  files?: string[];
}

/** A file upload started with files.getUploadURLExternal, its bytes once POSTed, and where it was shared. */
export interface FakeUpload {
  id: string;
  filename: string;
  /** The `length` declared when the upload URL was asked for. */
  length: number;
  altText?: string;
  title?: string;
  /** The bytes POSTed to the upload URL; undefined until then. */
  bytes?: Buffer;
  /** The conversation it was shared in by files.completeUploadExternal; undefined until then. */
  sharedIn?: { channel: string; ts: string; threadTs?: string; initialComment?: string };
}

/** Mutable world behind the fake Web API: workspace plus what the app has done to it. */
export class SlackState {
  readonly messages: StoredMessage[] = [];
  /** `${channel}|${ts}|${name}` keys of reactions the bot added. */
  readonly reactions = new Set<string>();
  /** Last view published per user id (App Home). */
  readonly homeViews = new Map<string, Record<string, unknown>>();
  /** Uploads by file id (files.getUploadURLExternal → upload URL → files.completeUploadExternal). */
  readonly uploads = new Map<string, FakeUpload>();
  /** Largest upload the workspace accepts; more answers `file_upload_size_restricted`. Slack's own cap is 1 GB. */
  maxUploadBytes = 1024 * 1024 * 1024;
  /** Base of the upload URLs (set by the server once it listens). */
  uploadBase = '';
  readonly workspace: FakeWorkspace;
  /** trigger_ids handed out with payloads, and the modals views.open opened. */
  readonly views = new FakeViews();
  /** The fake's clock (ms): trigger_id lifetimes. Set by startFakeSlack. */
  clock: () => number = Date.now;
  /** Set when the app was uninstalled or its tokens revoked: every bot call answers `token_revoked`. */
  tokensRevoked = false;
  private tsCounter: number;
  private idCounter = 0;

  constructor(workspace: FakeWorkspace, tsStartSeconds = 1_700_000_000) {
    this.workspace = workspace;
    // Counted in microseconds so every ts is unique and strictly increasing, like Slack's.
    this.tsCounter = tsStartSeconds * 1_000_000;
  }

  /** Next message timestamp, e.g. "1700000000.000100". */
  nextTs(): string {
    this.tsCounter += 100;
    const seconds = Math.floor(this.tsCounter / 1_000_000);
    const micros = this.tsCounter % 1_000_000;
    return `${seconds}.${String(micros).padStart(6, '0')}`;
  }

  /** Next opaque id with a Slack-style prefix (V for views, D for DMs, …). */
  nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}0FAKE${String(this.idCounter).padStart(4, '0')}`;
  }

  user(id: string): FakeUser | undefined {
    return this.workspace.users.find((u) => u.id === id);
  }

  channel(id: string): FakeChannel | undefined {
    return this.workspace.channels.find((c) => c.id === id || `#${c.name}` === id || c.name === id);
  }

  /** The bot's DM with `userId`, created on first use (what conversations.open does). */
  dmWith(userId: string): FakeChannel {
    const existing = this.workspace.channels.find((c) => c.isIm && c.members.includes(userId));
    if (existing !== undefined) return existing;
    const dm: FakeChannel = {
      id: this.nextId('D'),
      name: userId,
      isPrivate: true,
      isIm: true,
      members: [userId, this.workspace.botUserId],
    };
    this.workspace.channels.push(dm);
    return dm;
  }

  isBotMember(channel: FakeChannel): boolean {
    return channel.members.includes(this.workspace.botUserId);
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts && m.ephemeralFor === undefined);
  }

  /** Adds a channel (or replaces one with the same id). */
  upsertChannel(channel: FakeChannel): void {
    const index = this.workspace.channels.findIndex((c) => c.id === channel.id);
    if (index >= 0) this.workspace.channels[index] = channel;
    else this.workspace.channels.push(channel);
  }

  /** Adds a user (or replaces one with the same id). */
  upsertUser(user: FakeUser): void {
    const index = this.workspace.users.findIndex((u) => u.id === user.id);
    if (index >= 0) this.workspace.users[index] = user;
    else this.workspace.users.push(user);
  }
}
