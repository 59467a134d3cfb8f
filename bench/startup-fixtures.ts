/** What the startup scenario starts from: ten valid packs in a temp folder and a database holding 100 schedules. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteStore, openDatabase } from '../src/store/index.ts';
import { TSX } from './child-rpc.ts';
import { CONTENT } from './lib.ts';

const ROOT = join(import.meta.dirname, '..');

/**
 * Copies the bundled packs into `dir` and adds copies with new pack and question ids (ids are
 * unique across packs) until there are `total`; then runs `content:check` on the folder, so the
 * bot is measured loading packs that are all valid. Returns the pack ids.
 */
export function writePacks(dir: string, total: number): string[] {
  mkdirSync(dir, { recursive: true });
  const sources = readdirSync(CONTENT)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((f) => ({ file: f, text: readFileSync(join(CONTENT, f), 'utf8') }));
  const ids: string[] = [];
  for (let k = 0; k < total; k++) {
    const src = sources[k % sources.length]!;
    const copy = Math.floor(k / sources.length);
    const suffix = copy === 0 ? '' : `-copy${copy}`;
    const text = src.text
      .replace(/^# Pack: (.+)$/m, (_, title: string) => `# Pack: ${title}${copy ? ` (copy ${copy})` : ''}`)
      .replace(/^id: (.+)$/m, (_, id: string) => `id: ${id}${suffix}`)
      .replace(/^## Question: (.+)$/gm, (_, id: string) => `## Question: ${id}${suffix}`);
    const id = /^id: (.+)$/m.exec(text)![1]!;
    ids.push(id);
    writeFileSync(join(dir, `${String(k + 1).padStart(2, '0')}-${id}.md`), text);
  }
  // Throws (with its report) when content:check exits non-zero.
  execFileSync(process.execPath, ['--import', TSX, join(ROOT, 'src', 'cli', 'content-check.ts'), dir], { cwd: ROOT, stdio: 'pipe' });
  return ids;
}

/** Where schedules go on each platform. */
export interface ScheduleTarget {
  platform: string;
  workspace: string;
  channel: string;
}

/**
 * Stores `count` schedules spread over `targets`, through the store API on the database the bot
 * will open. Their hours keep at least an hour clear of now, so none fires or is caught up while
 * start-up is measured: arming them is the cost under test, not posting.
 */
export function seedSchedules(dbPath: string, count: number, targets: ScheduleTarget[], packIds: string[]): void {
  const db = openDatabase(dbPath);
  try {
    const store = createSqliteStore(db);
    const hour = new Date().getUTCHours();
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      const target = targets[i % targets.length]!;
      store.schedules.add({
        ...target,
        cron: `${i % 60} ${(hour + 2 + (i % 20)) % 24} * * ${i % 2 ? '1-5' : '*'}`,
        tz: 'UTC',
        packId: i % 3 === 0 ? packIds[i % packIds.length]! : null,
        difficulty: null,
        paused: false,
        createdBy: 'bench',
        createdAt: now,
        reactions: true,
      });
    }
  } finally {
    db.close();
  }
}
