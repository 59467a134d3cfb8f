import type { Client, ClientEvents } from 'discord.js';

/** Resolves with the args of the next `event` that passes `filter`; rejects after `timeoutMs`. */
export function nextEvent<E extends keyof ClientEvents>(
  c: Client,
  event: E,
  filter: (...args: ClientEvents[E]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      c.off(event, listener);
      reject(new Error(`timed out waiting for client event ${String(event)}`));
    }, timeoutMs);
    const listener = (...args: ClientEvents[E]): void => {
      if (!filter(...args)) return;
      clearTimeout(timer);
      c.off(event, listener);
      resolve(args);
    };
    c.on(event, listener);
  });
}
