/** Runs the real entry point (`npm start`'s command) as a child process, from an empty folder. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CONTENT } from './world.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = createRequire(import.meta.url).resolve('tsx');

/** A running bot: its process, what it printed so far, and a promise of its exit. */
export interface Bot {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout matches `re`, or `re(stdout)` is true (checked as output arrives; no sleeps). */
  waitFor(re: RegExp | ((out: string) => boolean), timeoutMs?: number): Promise<string>;
}

/** Starts the bot in `dir` with a minimal environment plus `env`. */
export function startBot(dir: string, env: Record<string, string> = {}): Bot {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src', 'main.ts')], {
    cwd: dir,
    // Pictures off unless a test asks: they are tested in tests/render; here they would only add a worker per bot.
    env: { PATH: process.env.PATH ?? '', STEPWISE_CONTENT: CONTENT, STEPWISE_DB: join(dir, 'data', 'stepwise.db'), STEPWISE_PICTURES: 'off', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { test: (out: string) => boolean; resolve: (s: string) => void }[] = [];
  child.stdout.on('data', (d) => {
    out += d;
    for (const w of [...waiters]) if (w.test(out)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(out));
  });
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(re, timeoutMs = 20_000) {
      const test = typeof re === 'function' ? re : (o: string) => re.test(o);
      if (test(out)) return Promise.resolve(out);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; stdout so far:\n${out.slice(-2000)}\nstderr:\n${err.slice(-2000)}`)), timeoutMs);
        waiters.push({ test, resolve: (s) => (clearTimeout(timer), resolve(s)) });
      });
    },
  };
}

/** Runs a whole script through the bot and waits for it to exit. */
export async function runScript(dir: string, script: string, env: Record<string, string> = {}) {
  const bot = startBot(dir, env);
  bot.child.stdin.end(script);
  const { code } = await bot.exited;
  return { code, stdout: bot.stdout(), stderr: bot.stderr() };
}
