/** `npm run erase-workspace`: one workspace's rows go, in one transaction; nothing without the confirmation; one line on errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { TABLES } from '../../src/store/postgres/tables.ts';
import { OTHER, SCOPE, seedHistory } from './contract/fixtures.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'stepwise-erase-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (db: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/erase-workspace.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, STEPWISE_DB: db } });

describe('erase-workspace', () => {
  it('erases exactly one workspace after confirmation, and refuses without it', async () => {
    const db = join(dir, 'erase.db');
    const store = await openStore(db);
    await seedHistory(store);
    await store.members.remember(OTHER, 'zed', 'Zed', 1);
    await store.installations.put({ ...OTHER, keyId: 'k', sealed: 's', installedAt: 1 });
    await store.close();

    const unconfirmed = run(db, SCOPE.platform, SCOPE.workspace);
    expect(unconfirmed.status).toBe(2);
    expect(unconfirmed.stderr).toMatch(/^Nothing was erased\. .* add --confirm W1\.$/m);
    const wrong = run(db, SCOPE.platform, SCOPE.workspace, '--confirm', 'W2');
    expect(wrong.status).toBe(2);

    const ok = run(db, SCOPE.platform, SCOPE.workspace, '--confirm', SCOPE.workspace);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^answers\s+7$/m);
    expect(ok.stdout).toMatch(/^Erased \d+ rows of test workspace W1\.$/m);

    const after = await openStore(db);
    try {
      expect(await after.members.name(SCOPE, 'ann')).toBeUndefined();
      expect(await after.schedules.list(SCOPE)).toEqual([]);
      expect(await after.installations.get(SCOPE)).toBeUndefined();
      expect(await after.members.name(OTHER, 'zed')).toBe('Zed');
      expect(await after.installations.get(OTHER)).toBeDefined();
      expect(await after.workspaces.zone(OTHER, 'UTC')).toBe('Asia/Tokyo');
    } finally {
      await after.close();
    }
    expect(TABLES.filter((t) => t.workspace).length).toBeGreaterThan(10);
    expect(run(db, SCOPE.platform, SCOPE.workspace, '--confirm', SCOPE.workspace).stdout.trim()).toBe('No rows of test workspace W1; nothing to erase.');
  }, 90_000);

  it('usage on bad arguments; one line for a missing database', () => {
    expect(run(join(dir, 'x.db')).stderr).toMatch(/^Usage: npm run erase-workspace/);
    const missing = run(join(dir, 'nope.db'), 'slack', 'T1', '--confirm', 'T1');
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`There is no SQLite database at ${join(dir, 'nope.db')}.`);
  }, 60_000);
});
