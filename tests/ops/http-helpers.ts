/** Reading the entry point's ops port from its log and asking it over HTTP. */
import type { Bot } from '../helpers/bot.ts';

/** Resolves with the port from the `ops.listening` line (LOG_LEVEL=info), checked as stderr arrives. */
export function opsPort(bot: Bot, timeoutMs = 20_000): Promise<number> {
  const find = () => /"event":"ops\.listening","port":(\d+)/.exec(bot.stderr())?.[1];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ops.listening line; stderr:\n${bot.stderr().slice(-2000)}`)), timeoutMs);
    const check = () => {
      const port = find();
      if (port) (clearTimeout(timer), bot.child.stderr.off('data', check), resolve(Number(port)));
    };
    bot.child.stderr.on('data', check);
    check();
  });
}

/** GET `path`; status and body. */
export async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

/** The value of one sample line of a Prometheus text body (`name{labels}` exactly as written), or undefined. */
export function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
