/**
 * One of several processes sharing a database file in tests/faults/processes.test.ts: posts, answers and
 * closes drops in two channels as fast as it can, with the real clock, for `ROUNDS` rounds. Prints one JSON
 * line of counts; exits 1 on any error that is not a clear, expected refusal.
 */
import { BusyError, StepwiseError } from '../../src/core/errors.ts';
import { createTutor } from '../../src/core/tutor.ts';
import { PackRegistry } from '../../src/core/packs.ts';
import { createFolderSource } from '../../src/content/folder.ts';
import { nodeCronCalendar } from '../../src/scheduler/calendar.ts';
import { openDatabase } from '../../src/store/index.ts';
import { createAsyncSqliteStore } from '../../src/store/sqlite-async.ts';
import { memoryLog, recordingChat } from './world.ts';
import type { Drop } from '../../src/core/types.ts';

const [dbPath, content, who, rounds] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(dbPath);
const chat = recordingChat();
const tutor = createTutor({
  store: createAsyncSqliteStore(db),
  packs: new PackRegistry(createFolderSource(content)),
  calendar: nodeCronCalendar,
  log: memoryLog().log,
  settings: { tz: 'UTC', windowMs: 50, catchupMs: 0, easyMs: 15_000 },
  chat: () => chat.port,
  defer: setImmediate,
});
tutor.reload();

const counts = { posted: 0, busy: 0, answers: 0, closed: 0, refused: 0 };
// One channel per workspace: a streak is defined over a workspace's questions in order, and with two
// channels racing in one workspace "in order" differs between drop order and event order (see README).
const channels = ['W1', 'W2'].map((workspace) => ({ platform: 'test', workspace, channel: 'C1' }));
let seen: Drop[] = [];
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

for (let i = 0; i < Number(rounds); i++) {
  const channel = pick(channels);
  const roll = Math.random();
  try {
    if (roll < 0.15) {
      const drop = await tutor.postDrop({ channel }, Date.now());
      if (drop) (counts.posted += 1), seen.push(drop);
    } else if (roll < 0.2) {
      if (await tutor.closeIn(channel, Date.now())) counts.closed += 1;
    } else if (roll < 0.25) {
      counts.closed += await tutor.closeDue(Date.now());
    } else {
      // Half by channel, half by a drop id read earlier (a button on an old message): both race closes.
      const user = { id: `${who}-${i % 40}`, name: who, isAdmin: false };
      const letter = pick(['A', 'B', 'C', 'D']);
      const stale = Math.random() < 0.5 ? pick(seen.filter((d) => d.workspace === channel.workspace).concat([undefined as never])) : undefined;
      const reply = stale
        ? await tutor.answerDropId(channel, stale.id, user, letter, 'button', Date.now())
        : await tutor.answerInChannel(channel, user, letter, 'command', Date.now());
      if (reply.view.kind === 'feedback' && !reply.view.note) counts.answers += 1;
      else counts.refused += 1;
    }
  } catch (err) {
    if (err instanceof BusyError) counts.busy += 1;
    else if (err instanceof StepwiseError) counts.refused += 1;
    else {
      process.stderr.write(`${who}: ${(err as Error).stack}\n`);
      process.exit(1);
    }
  }
  if (seen.length > 20) seen = seen.slice(-20);
}
db.close();
process.stdout.write(`${JSON.stringify(counts)}\n`);
