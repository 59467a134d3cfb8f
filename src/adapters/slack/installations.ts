/**
 * Bolt's InstallationStore kept in Stepwise's store: one row per workspace (an org-wide install keys on
 * its enterprise id), the whole installation sealed with STEPWISE_SECRET's key, so no token is stored
 * or logged in the clear.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Clock, Logger, Store } from '../../core/ports.ts';
import type { SecretBox } from '../../secret-box.ts';
import { PLATFORM } from './refs.ts';

/** The store plus what the adapter asks of it outside Bolt. */
export interface SlackInstallations extends InstallationStore {
  /** The bot token installed for a workspace, if any. */
  botToken(workspace: string): Promise<string | undefined>;
  /** The bot user id installed for a workspace, if any. */
  botUserId(workspace: string): Promise<string | undefined>;
  /** Deletes a workspace's installation; false when it had none. */
  remove(workspace: string): Promise<boolean>;
  /** Seals again every row sealed with an older key (after STEPWISE_SECRET was rotated); returns how many. */
  reseal(): Promise<number>;
}

const keyOf = (q: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean | undefined }): string => {
  const key = q.isEnterpriseInstall ? q.enterpriseId : q.teamId;
  if (!key) throw new Error('installation without a team or enterprise id');
  return key;
};

const context = (workspace: string) => `${PLATFORM}:${workspace}`;

/** Creates the installation store over `store`, sealing with `box`. `changed` hears of every put and delete. */
export function createInstallations(opts: { store: Store; box: SecretBox; clock: Clock; log: Logger; changed?: (workspace: string) => void }): SlackInstallations {
  const { store, box, clock, log } = opts;

  async function read(workspace: string): Promise<Installation | undefined> {
    const row = await store.installations.get({ platform: PLATFORM, workspace });
    if (!row) return undefined;
    return JSON.parse(box.open(row.sealed, context(workspace))) as Installation;
  }

  return {
    async storeInstallation(installation) {
      const workspace = keyOf({ teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, isEnterpriseInstall: installation.isEnterpriseInstall });
      const sealed = box.seal(JSON.stringify(installation), context(workspace));
      await store.installations.put({ platform: PLATFORM, workspace, keyId: box.keyId, sealed, installedAt: clock.now() });
      opts.changed?.(workspace);
      log.info('slack.installed', { platform: PLATFORM, workspace, teamName: installation.team?.name, scopes: installation.bot?.scopes?.length ?? 0 });
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const workspace = keyOf(query);
      const found = await read(workspace);
      // Bolt's authorize turns this into "no installation" for the event.
      if (!found) throw new Error(`no installation for workspace ${workspace}`);
      return found;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      await this.remove(keyOf(query));
    },

    botToken: async (workspace) => (await read(workspace))?.bot?.token,
    botUserId: async (workspace) => (await read(workspace))?.bot?.userId,

    async remove(workspace) {
      const removed = await store.installations.remove({ platform: PLATFORM, workspace });
      opts.changed?.(workspace);
      if (removed) log.info('slack.installation_deleted', { platform: PLATFORM, workspace });
      return removed;
    },

    async reseal() {
      let n = 0;
      for (const row of await store.installations.all(PLATFORM)) {
        if (row.keyId === box.keyId) continue;
        try {
          const plain = box.open(row.sealed, context(row.workspace));
          await store.installations.put({ ...row, keyId: box.keyId, sealed: box.seal(plain, context(row.workspace)) });
          n += 1;
        } catch (err) {
          // Neither key opens it: left as it is (the workspace reinstalls), said once, without the value.
          log.error('slack.installation_unreadable', { platform: PLATFORM, workspace: row.workspace, keyId: row.keyId, reason: (err as Error).message });
        }
      }
      if (n) log.info('slack.installations_resealed', { platform: PLATFORM, count: n, keyId: box.keyId });
      return n;
    },
  };
}
