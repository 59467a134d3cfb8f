import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { WaitOptions } from './recorder.ts';
import { Recorder } from './recorder.ts';

/** Socket Mode envelope types Slack sends (the payload is the same body HTTP delivery would carry). */
export type SocketEnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

/** The app's acknowledgement of one envelope: `{ envelope_id, payload }` over the socket. */
export interface SocketAck {
  envelopeId: string;
  /** What the app passed to ack(); `{}` for a bare ack(). */
  payload: unknown;
  /** Milliseconds from sending the envelope to receiving the ack. */
  ms: number;
}

/** Options for one envelope. */
export interface SocketSendOptions {
  /** Sent as retry_attempt (Bolt exposes it as context.retryNum). */
  retryAttempt?: number;
  /** Sent as retry_reason (Bolt exposes it as context.retryReason). */
  retryReason?: string;
  /** Default: true for slash_commands, false otherwise (as Slack sets it for buttons and events). */
  acceptsResponsePayload?: boolean;
  /** How long to wait for the ack (default 3000 ms, Slack's own limit). */
  timeoutMs?: number;
}

/** Path under which the fake serves its Socket Mode WebSocket. */
export const SOCKET_PATH = '/socket-mode/link/';

/** A fake Socket Mode endpoint: hands out a ws:// URL via apps.connections.open and speaks Slack's envelope protocol. */
export class FakeSocketMode {
  readonly connections = new Recorder<{ at: number }>(() => 'connection');
  /** Every ack received; `at` is performance.now() on arrival. */
  readonly acks = new Recorder<{ envelopeId: string; payload: unknown; at: number }>((a) => a.envelopeId);
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly appId: string;
  private baseUrl = '';

  constructor(appId: string) {
    this.appId = appId;
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  /** Sets the http base ('http://127.0.0.1:PORT') once the server listens. */
  setBase(baseUrl: string): void {
    this.baseUrl = baseUrl.replace(/^http/, 'ws');
  }

  /** The URL apps.connections.open hands out. */
  url(): string {
    return `${this.baseUrl}${SOCKET_PATH}?ticket=${randomUUID()}&app_id=${this.appId}`;
  }

  /** Accepts an HTTP upgrade for SOCKET_PATH; returns false for other paths. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (!(req.url ?? '').startsWith(SOCKET_PATH)) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
    return true;
  }

  /** Resolves once an app has connected and been sent `hello`. */
  waitForConnection(options?: WaitOptions): Promise<{ at: number }> {
    return this.connections.waitFor(() => true, 'a Socket Mode connection', options);
  }

  /** Sends an envelope to every connected app and resolves with the first ack for it. */
  async send(type: SocketEnvelopeType, payload: Record<string, unknown>, options: SocketSendOptions = {}): Promise<SocketAck> {
    if (this.sockets.size === 0) throw new Error('no Socket Mode client is connected');
    const envelopeId = randomUUID();
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      payload,
      type,
      accepts_response_payload: options.acceptsResponsePayload ?? type === 'slash_commands',
    };
    if (type === 'events_api') {
      envelope.retry_attempt = options.retryAttempt ?? 0;
      envelope.retry_reason = options.retryReason ?? '';
    }
    const started = performance.now();
    const since = this.acks.entries.length;
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
    const ack = await this.acks.waitFor((a) => a.envelopeId === envelopeId, `ack of ${type} ${envelopeId}`, {
      since,
      timeoutMs: options.timeoutMs ?? 3000,
    });
    return { envelopeId, payload: ack.payload, ms: ack.at - started };
  }

  /** Asks connected apps to reconnect, as Slack does before recycling a server. */
  sendDisconnect(reason: 'warning' | 'refresh_requested' | 'link_disabled' = 'refresh_requested'): void {
    for (const ws of this.sockets) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-applink' } }));
  }

  /** Cuts every connection as a network failure would (no close frame); new connections are still accepted. */
  dropConnections(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  /** Drops every connection and stops accepting new ones. */
  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.wss.close();
  }

  private onConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      let message: { envelope_id?: unknown; payload?: unknown };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return;
      }
      if (typeof message.envelope_id === 'string') {
        this.acks.push({ envelopeId: message.envelope_id, payload: message.payload ?? {}, at: performance.now() });
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'fake-applink', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
    this.connections.push({ at: Date.now() });
  }
}
