import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { guildCreatePayload, guildsOfShard, memberPayload, readyPayload, shardOf } from './entities.ts';
import { applyIntents } from './intents.ts';
import { EventLog } from './log.ts';
import type { FakeState } from './state.ts';

/** Something that happened on the fake gateway, for assertions and waitForGateway(). */
export interface GatewayEvent {
  kind: 'connect' | 'identify' | 'resume' | 'heartbeat' | 'dispatch' | 'close' | 'invalid-session' | 'op';
  at: number;
  sessionId: string | null;
  /** Opcode-specific detail: the IDENTIFY/RESUME `d`, the close code, the dispatched `t`, the connect path. */
  detail: unknown;
}

interface Session {
  id: string;
  intents: number;
  /** [shard_id, num_shards] from IDENTIFY. */
  shard: [number, number];
  seq: number;
  socket: WebSocket | null;
  /** Sent dispatches kept for RESUME replay, like Discord's per-session buffer. */
  sent: Array<{ s: number; raw: string }>;
}

/** Settings for the fake gateway. */
export interface GatewayOptions {
  state: FakeState;
  token: string;
  heartbeatIntervalMs: number;
  /** Drop events the session's intents do not cover, as Discord does. */
  filterIntents: boolean;
  /** Privileged intents (GuildMembers 1<<1, GuildPresences 1<<8, MessageContent 1<<15) enabled for the app. */
  allowedPrivilegedIntents: number;
  /** Fewer shards than this in IDENTIFY is closed with 4011 Sharding required. */
  requiredShards: number;
  /** Close every IDENTIFY with this code. */
  refuseIdentify?: { code: number; reason: string };
  /** ws:// base URL (no query) of this gateway; the resume URL is derived from it. */
  url: () => string;
}

const PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15);
const REPLAY_BUFFER = 1000;

/** A Discord Gateway (v10, JSON, no compression) over `ws`, attached to the fake's HTTP server. */
export class FakeGateway {
  /** Everything that happened, in order. */
  readonly log = new EventLog<GatewayEvent>((e) => `${e.kind} ${JSON.stringify(e.detail) ?? ''}`.slice(0, 200));
  identifyCount = 0;
  resumeCount = 0;
  heartbeatCount = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();
  private nextSession = 1;

  constructor(private readonly options: GatewayOptions) {}

  /** Number of sockets that completed IDENTIFY or RESUME and are still open. */
  get connectedSessions(): number {
    return [...this.sessions.values()].filter((s) => s.socket?.readyState === WebSocket.OPEN).length;
  }

  /** Accepts an HTTP upgrade on /gateway or /gateway/resume. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/gateway' && url.pathname !== '/gateway/resume') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
  }

  /**
   * Sends a dispatch (op 0) to every live session whose intents allow it; returns how many got it. A guild
   * event goes to its guild's shard: `guildId`, else the payload's guild_id (GUILD_CREATE has only `id`).
   */
  dispatch(event: string, data: unknown, guildId: unknown = (data as { guild_id?: unknown } | null)?.guild_id): number {
    let delivered = 0;
    for (const session of this.sessions.values()) {
      // Sharding: guild events go to the guild's shard; DMs "will only be sent to shard 0".
      const [id, count] = session.shard;
      if ((typeof guildId === 'string' ? shardOf(guildId, count) : 0) !== id) continue;
      const filtered = this.options.filterIntents ? applyIntents(event, data, session.intents, this.options.state.bot.id) : data;
      if (filtered === null) continue;
      // A session whose socket dropped still buffers events: a RESUME replays them, as on Discord.
      this.sendDispatch(session, event, filtered);
      delivered += 1;
    }
    this.log.push({ kind: 'dispatch', at: Date.now(), sessionId: null, detail: { t: event, delivered } });
    return delivered;
  }

  /** Drops every socket (default close code 4000, which discord.js answers with RESUME). */
  async disconnect(options: { code?: number; terminate?: boolean } = {}): Promise<void> {
    const open = [...this.sockets].filter((ws) => ws.readyState === WebSocket.OPEN);
    await Promise.all(
      open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            if (options.terminate) ws.terminate();
            else ws.close(options.code ?? 4000, 'fake discord: disconnect requested by test');
          }),
      ),
    );
  }

  /** Sends op 9 Invalid Session; with `resumable` false the sessions are forgotten and the client must IDENTIFY. */
  invalidateSessions(resumable = false): void {
    for (const session of this.sessions.values()) {
      session.socket?.send(JSON.stringify({ op: 9, d: resumable, s: null, t: null }));
      if (!resumable) this.sessions.delete(session.id);
    }
  }

  /** Sends op 7 Reconnect to every connected session (discord.js closes and resumes). */
  requestReconnect(): void {
    for (const session of this.sessions.values()) session.socket?.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
  }

  /** Terminates all sockets and the ws server. */
  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.log.rejectAll('fake discord: closed');
  }

  private onConnection(ws: WebSocket, url: URL): void {
    this.sockets.add(ws);
    let session: Session | null = null;
    let serverClosing = false;
    const close = (code: number, reason: string): void => {
      serverClosing = true;
      ws.close(code, reason);
    };
    this.log.push({ kind: 'connect', at: Date.now(), sessionId: null, detail: { path: url.pathname, query: url.search } });
    if (url.searchParams.get('v') !== '10') return close(4012, 'Invalid API version');
    if (url.searchParams.get('encoding') !== 'json') return close(4002, 'Decode error');
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null }));
    ws.on('message', (raw) => {
      let payload: { op?: number; d?: Record<string, unknown> | number | null };
      try {
        payload = JSON.parse(String(raw));
      } catch {
        return close(4002, 'Decode error');
      }
      const d = (payload.d ?? {}) as Record<string, unknown>;
      switch (payload.op) {
        case 1:
          this.heartbeatCount += 1;
          this.log.push({ kind: 'heartbeat', at: Date.now(), sessionId: session?.id ?? null, detail: payload.d ?? null });
          ws.send(JSON.stringify({ op: 11 }));
          return;
        case 2: {
          if (session) return close(4005, 'Already authenticated');
          if (d.token !== this.options.token) return close(4004, 'Authentication failed');
          if (this.options.refuseIdentify) return close(this.options.refuseIdentify.code, this.options.refuseIdentify.reason);
          if (typeof d.intents !== 'number') return close(4013, 'Invalid intent(s)');
          if ((d.intents & PRIVILEGED & ~this.options.allowedPrivilegedIntents) !== 0) return close(4014, 'Disallowed intent(s)');
          const shard: [number, number] = Array.isArray(d.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : [0, 1];
          if (shard[1] < this.options.requiredShards) return close(4011, 'Sharding required');
          if (!(shard[0] >= 0 && shard[0] < shard[1])) return close(4010, 'Invalid shard');
          session = { id: `fake-session-${this.nextSession++}`, intents: d.intents, shard, seq: 0, socket: ws, sent: [] };
          this.sessions.set(session.id, session);
          this.identifyCount += 1;
          this.log.push({ kind: 'identify', at: Date.now(), sessionId: session.id, detail: { ...d, token: '<redacted>' } });
          this.sendDispatch(session, 'READY', readyPayload(this.options.state, session.id, `${this.options.url()}/resume`, shard));
          if (this.options.filterIntents && (session.intents & 1) === 0) return;
          for (const guild of guildsOfShard(this.options.state, shard)) this.sendDispatch(session, 'GUILD_CREATE', guildCreatePayload(this.options.state, guild));
          return;
        }
        case 6: {
          if (d.token !== this.options.token) return close(4004, 'Authentication failed');
          const resumed = this.sessions.get(String(d.session_id));
          if (!resumed) {
            this.log.push({ kind: 'invalid-session', at: Date.now(), sessionId: null, detail: d.session_id });
            ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
            return;
          }
          if (resumed.socket && resumed.socket !== ws) resumed.socket.terminate();
          session = resumed;
          session.socket = ws;
          this.resumeCount += 1;
          this.log.push({ kind: 'resume', at: Date.now(), sessionId: session.id, detail: { seq: d.seq } });
          const since = typeof d.seq === 'number' ? d.seq : 0;
          for (const entry of session.sent) if (entry.s > since) ws.send(entry.raw);
          this.sendDispatch(session, 'RESUMED', null);
          return;
        }
        case 3:
        case 4:
        case 8:
          if (!session) return close(4003, 'Not authenticated');
          this.log.push({ kind: 'op', at: Date.now(), sessionId: session.id, detail: payload });
          if (payload.op === 8) this.sendMembersChunk(session, d);
          return;
        default:
          return close(4001, 'Unknown opcode');
      }
    });
    ws.on('close', (code) => {
      this.sockets.delete(ws);
      this.log.push({ kind: 'close', at: Date.now(), sessionId: session?.id ?? null, detail: { code, byServer: serverClosing } });
      if (!session || session.socket !== ws) return;
      session.socket = null;
      // A client closing with 1000/1001 ends its session for good (Discord will not resume it).
      if (!serverClosing && (code === 1000 || code === 1001)) this.sessions.delete(session.id);
    });
  }

  private sendDispatch(session: Session, event: string, data: unknown): void {
    session.seq += 1;
    const raw = JSON.stringify({ op: 0, t: event, s: session.seq, d: data });
    // READY/RESUMED belong to one connection; everything else is replayable after a RESUME.
    if (event !== 'READY' && event !== 'RESUMED') session.sent.push({ s: session.seq, raw });
    if (session.sent.length > REPLAY_BUFFER) session.sent.shift();
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(raw);
  }

  /** Answers op 8 Request Guild Members with one GUILD_MEMBERS_CHUNK. */
  private sendMembersChunk(session: Session, d: Record<string, unknown>): void {
    const { state } = this.options;
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    const wanted = Array.isArray(d.user_ids) ? d.user_ids.map(String) : typeof d.user_ids === 'string' ? [d.user_ids] : null;
    const ids = [...state.members.keys()].filter((id) => {
      if (wanted) return wanted.includes(id);
      const user = state.userById.get(id);
      return !query || [user?.username, user?.global_name, state.members.get(id)?.nick].some((n) => n?.toLowerCase().startsWith(query));
    });
    const limit = typeof d.limit === 'number' && d.limit > 0 ? d.limit : ids.length;
    this.sendDispatch(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: state.guild.id,
      members: ids.slice(0, limit).map((id) => memberPayload(state, id)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: wanted ? wanted.filter((id) => !state.members.has(id)) : [],
      ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }
}
