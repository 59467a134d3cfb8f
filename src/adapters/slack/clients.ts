/**
 * Which WebClient speaks for a workspace. One token: the same clients everywhere. OAuth: each
 * workspace's bot token from its installation, a pair of clients per workspace made once and dropped
 * when the installation goes; a workspace with no installation has no client (NotInstalledError).
 */
import type { webApi } from '@slack/bolt';

/** A workspace has no installation (never installed, uninstalled, or its token revoked). */
export class NotInstalledError extends Error {
  override name = 'NotInstalledError';
  /** Read by slackErrorCode, like a Web API error code. */
  readonly code = 'not_installed';
  constructor(workspace: string) {
    super(`Stepwise is not installed in workspace ${workspace}`);
  }
}

/** A client for a workspace. */
export type ClientFor = (workspace: string) => Promise<webApi.WebClient>;
/** Either one client for all (single-token mode, unit tests) or one per workspace. */
export type ClientSource = webApi.WebClient | ClientFor;

/** The client of `source` for `workspace`. */
export function clientIn(source: ClientSource, workspace: string): Promise<webApi.WebClient> {
  return typeof source === 'function' ? source(workspace) : Promise.resolve(source);
}

/** The two kinds of client the adapter uses: channel posts, and per-person calls (rejecting 429s for the call queue). */
export interface SlackClients {
  channel: ClientFor;
  personal: ClientFor;
  /** Forgets a workspace's clients (its installation was deleted or replaced). */
  forget(workspace: string): void;
}

/** Single-token mode: the same two clients for every workspace. */
export function fixedClients(channel: webApi.WebClient, personal: webApi.WebClient): SlackClients {
  return { channel: async () => channel, personal: async () => personal, forget: () => undefined };
}

/** What per-workspace clients need: the installed bot token of a workspace, and how to make a client. */
export interface InstalledClientsOptions {
  tokenOf(workspace: string): Promise<string | undefined>;
  make(token: string, kind: 'channel' | 'personal'): webApi.WebClient;
}

/** OAuth mode: clients made from each workspace's installation, cached per workspace and token. */
export function installedClients({ tokenOf, make }: InstalledClientsOptions): SlackClients {
  const cache = new Map<string, Promise<{ token: string; channel: webApi.WebClient; personal: webApi.WebClient }>>();
  const pair = (workspace: string) => {
    let entry = cache.get(workspace);
    if (!entry) {
      entry = tokenOf(workspace).then((token) => {
        if (!token) throw new NotInstalledError(workspace);
        return { token, channel: make(token, 'channel'), personal: make(token, 'personal') };
      });
      cache.set(workspace, entry);
      // A failed lookup is not remembered: the workspace may be installed a moment later.
      entry.catch(() => cache.get(workspace) === entry && cache.delete(workspace));
    }
    return entry;
  };
  return {
    channel: async (workspace) => (await pair(workspace)).channel,
    personal: async (workspace) => (await pair(workspace)).personal,
    forget: (workspace) => void cache.delete(workspace),
  };
}
