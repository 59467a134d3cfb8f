/** The operator's HTTP routes, /healthz and /metrics: on their own port, or on Bolt's server in Slack HTTP mode. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkHealth, type HealthDeps } from './health.ts';
import type { Metrics } from './metrics.ts';

/** A route handler as node:http and Bolt's customRoutes both call it. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The two routes, by path. */
export function opsRoutes(health: HealthDeps, metrics: Metrics): Record<'/healthz' | '/metrics', Handler> {
  const reply = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  const fail = (res: ServerResponse, err: unknown) => reply(res, 500, 'text/plain', `error: ${err instanceof Error ? err.message : String(err)}\n`);
  return {
    '/healthz': (_req, res) =>
      void checkHealth(health).then((h) => reply(res, h.ok ? 200 : 503, 'application/json', `${JSON.stringify(h)}\n`), (err: unknown) => fail(res, err)),
    '/metrics': (_req, res) => void metrics.registry.metrics().then((text) => reply(res, 200, metrics.registry.contentType, text), (err: unknown) => fail(res, err)),
  };
}

/** Bolt's `customRoutes` option for the same routes (GET only). */
export function boltRoutes(routes: Record<string, Handler>): { path: string; method: string[]; handler: Handler }[] {
  return Object.entries(routes).map(([path, handler]) => ({ path, method: ['GET'], handler }));
}

/** Listens on `port` (0: any free port) on all interfaces; resolves with the server and the bound port. */
export async function startOpsServer(port: number, routes: Record<string, Handler>): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes[path];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
      return;
    }
    route(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
