/** Runs a TypeScript file as a child process and calls into it over IPC, so a fake platform can load another CPU than the bot it measures. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

/** The tsx loader, resolved from node_modules, as `npm start` and the end-to-end tests use it. */
export const TSX = createRequire(import.meta.url).resolve('tsx');

type Handlers = Record<string, (args: never) => Promise<unknown> | unknown>;
interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
interface Response {
  id: number;
  result?: unknown;
  error?: string;
}

/** A child started by `spawnChild`: call its handlers, listen to its events, stop it. */
export interface Child {
  call<T>(cmd: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Starts `script` with tsx and IPC; `onEvent` gets what the child `emit`s (progress, mostly). */
export function spawnChild(script: string, argv: string[], onEvent: (event: unknown) => void = () => {}): Child {
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX, script, ...argv], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const p of pending.values()) p.reject(new Error(`${script} exited (${code ?? signal}) before answering`));
      resolve();
    }),
  );
  child.on('message', (raw) => {
    const msg = raw as Response & { event?: unknown };
    if ('event' in msg) return onEvent(msg.event);
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error !== undefined) p?.reject(new Error(msg.error));
    else p?.resolve(msg.result);
  });
  return {
    call<T>(cmd: string, args?: unknown) {
      return new Promise<T>((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, cmd, args } satisfies Request);
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** In the child: answers calls with `handlers`, exits on SIGTERM or when the parent goes away. */
export function serveParent(handlers: Handlers): void {
  process.on('message', (raw) => {
    const { id, cmd, args } = raw as Request;
    const handler = handlers[cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${cmd}`);
        return handler(args as never);
      })
      .then(
        (result) => process.send?.({ id, result } satisfies Response),
        (err: unknown) => process.send?.({ id, error: err instanceof Error ? err.message : String(err) } satisfies Response),
      );
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

/** In the child: sends an event (not an answer) to the parent. */
export function emit(event: unknown): void {
  process.send?.({ event });
}
