/** Files in the terminal, through the real entry point: /quiz export writes its CSV and prints the path. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvRecords } from '../helpers/csv.ts';
import { runScript } from '../helpers/bot.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('files in the terminal', () => {
  it('/quiz export writes the CSV into STEPWISE_FILES_DIR, prints its path beside the text, and never overwrites', async () => {
    const out = join(dir, 'exports');
    const script = ['/quiz answer B', 'as bob', '/quiz answer A', 'as you', '/quiz export all', '/quiz export all'].join('\n');
    const { code, stdout } = await runScript(dir, script, { STEPWISE_FILES_DIR: out });
    expect(code).toBe(0);
    const paths = [...stdout.matchAll(/^📎 Scores for all time \(2 people\): (.+)$/gm)].map((m) => m[1]!);
    expect(paths).toHaveLength(2);
    expect(paths[0]).toMatch(/exports\/stepwise-scores-all-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(paths[1]).toMatch(/exports\/stepwise-scores-all-\d{4}-\d{2}-\d{2}-2\.csv$/);
    expect(readdirSync(out)).toHaveLength(2);
    expect(stdout).toContain('Scores for all time: 2 people');
    const rows = csvRecords(readFileSync(paths[0]!, 'utf8'));
    expect(rows.map((r) => [r.user_id, r.answered, r.correct])).toEqual([['you', '1', '1'], ['bob', '1', '0']]);
  });

  it('a non-admin gets the refusal and no file', async () => {
    const out = join(dir, 'exports');
    const { stdout } = await runScript(dir, ['as bob', '/quiz export'].join('\n'), { STEPWISE_FILES_DIR: out });
    expect(stdout).toContain('/quiz export is for admins');
    expect(stdout).not.toContain('📎');
  });

  it('with pictures on, /quiz leaderboard writes its card as a PNG and prints the path beside the text', async () => {
    const out = join(dir, 'files');
    const script = ['/quiz answer B', '/quiz leaderboard'].join('\n');
    const { code, stdout } = await runScript(dir, script, { STEPWISE_FILES_DIR: out, STEPWISE_PICTURES: 'on' });
    expect(code).toBe(0);
    const path = /^📎 .+: (.+\.png)$/m.exec(stdout)?.[1];
    expect(path, stdout).toBeDefined();
    const png = readFileSync(path!);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(readdirSync(out)).toEqual([path!.split('/').at(-1)]);
  }, 60_000);
});
