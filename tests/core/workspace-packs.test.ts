/** A workspace's own packs: added from a file, checked like content/, served to that workspace alone. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, parseText } from '../../src/commands/index.ts';
import { createFolderSource } from '../../src/content/folder.ts';
import { PackRegistry } from '../../src/core/packs.ts';
import { createTutor } from '../../src/core/tutor.ts';
import type { Actor, ChannelRef } from '../../src/core/types.ts';
import { PACK_LIMITS } from '../../src/core/workspace-packs.ts';
import type { PacksView, Reply, TextView } from '../../src/core/views.ts';
import { nodeCronCalendar } from '../../src/scheduler/calendar.ts';
import { openDatabase } from '../../src/store/index.ts';
import { createAsyncSqliteStore } from '../../src/store/sqlite-async.ts';
import { memoryFile, packMarkdown } from '../helpers/workspace-pack.ts';
import { CONTENT, makeWorld, T0, type World } from '../helpers/world.ts';
import { join } from 'node:path';

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.cleanup());

const OTHER: ChannelRef = { platform: 'test', workspace: 'W2', channel: 'C9' };
const ONBOARDING = packMarkdown('onboarding', 'Onboarding', [{ id: 'door-one' }, { id: 'door-two', difficulty: 'medium' }]);

/** Runs a command line with `files` as what attachment values resolve to. */
function run(line: string, opts: { channel?: ChannelRef; actor?: Actor; files?: Record<string, ReturnType<typeof memoryFile>>; now?: number; tutor?: World['tutor'] } = {}): Promise<Reply> {
  const files = opts.files ?? {};
  return dispatch(
    parseText(line),
    { tutor: opts.tutor ?? w.tutor, actor: opts.actor ?? w.admin, channel: opts.channel ?? w.channel, now: opts.now ?? T0, openFile: (v) => files[v] },
    w.tutor.deps.log,
  );
}
const text = (r: Reply) => (r.view as TextView).text;
const add = (name: string, body: string, opts: Parameters<typeof run>[1] = {}, extra = '') => run(`pack add ${name}${extra}`, { ...opts, files: { [name]: memoryFile(name, body) } });
const packIds = async (channel: ChannelRef) => ((await run('packs', { channel })).view as PacksView).packs.map((p) => p.id);

describe('/quiz pack add', () => {
  it('stores a Markdown pack for its workspace only: listed, dropped and found there, nowhere else', async () => {
    const reply = await add('onboarding.md', ONBOARDING);
    expect((reply.view as TextView).tone).toBe('success');
    expect(text(reply)).toContain('Added pack "onboarding" (Onboarding): 2 question(s), for this workspace only.');
    expect(await packIds(w.channel)).toEqual(['ml-lifecycle', 'onboarding']);
    expect(await packIds(OTHER)).toEqual(['ml-lifecycle']);
    expect(text(await run('pack list'))).toContain('• onboarding: Onboarding · 2 question(s) · from onboarding.md (markdown)');
    expect(text(await run('pack list', { channel: OTHER }))).toContain('no packs of its own');

    const drop = await w.tutor.postDrop({ channel: w.channel, packId: 'onboarding' }, T0);
    expect(drop!.questionId).toBe('door-one');
    expect(w.chat.posted.at(-1)!.view.packTitle).toBe('Onboarding');
    await expect(w.tutor.postDrop({ channel: OTHER, packId: 'onboarding' }, T0)).rejects.toThrow('There is no pack "onboarding"');
    expect(text(await run('drop onboarding', { channel: OTHER }))).toContain('There is no pack "onboarding"');
    expect(text(await run('schedule add "0 9 * * *" pack:onboarding', { channel: OTHER }))).toContain('There is no pack "onboarding"');
    // Rotation without a pack never reaches another workspace's questions.
    for (let i = 0; i < 6; i++) await w.tutor.postDrop({ channel: OTHER }, T0 + i * 60_000);
    expect(w.chat.posted.filter((p) => p.channel.workspace === 'W2').every((p) => p.view.packTitle !== 'Onboarding')).toBe(true);
  });

  it('refuses a file with errors, line by line, and stores nothing', async () => {
    const broken = ONBOARDING.replace('answer: B', 'answer: Z').replace('difficulty: medium', 'difficulty: brutal');
    const reply = await add('broken.md', broken);
    expect((reply.view as TextView).tone).toBe('error');
    const lines = text(reply).split('\n');
    expect(lines[0]).toBe('broken.md was not added: 2 error(s). Nothing was stored.');
    const at = (needle: string) => broken.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(lines[1]).toMatch(new RegExp(`^• line ${at('answer: Z')}: `));
    expect(lines[2]).toMatch(new RegExp(`^• line ${at('difficulty: brutal')}: `));
    expect(await w.store.packs.list(w.channel)).toEqual([]);
    expect(w.store.packs.version(w.channel)).toBe(0);
  });

  it('stores a pack with warnings and lists them (an Aiken bank, converted, with TODO placeholders)', async () => {
    const aiken = 'What colour is the badge for door 1?\nA. Red\nB. Blue\nANSWER: B\n\nWhich floor has the lab?\nA. First\nB. Third\nANSWER: Q\n';
    const reply = await add('doors.txt', aiken);
    expect((reply.view as TextView).tone).toBe('success');
    expect(text(reply)).toContain('Added pack "doors" (Imported from doors.txt): 1 question(s)');
    expect(text(reply)).toMatch(/warning\(s\):\n• line 6: skipped: ANSWER Q on line 9 is not among the options/);
    expect(text(reply)).toContain('TODO');
    const exported = await run('pack export doors');
    expect(new TextDecoder().decode(exported.files![0]!.bytes)).toContain('## Question: doors-001');
  });

  it('refuses the id of a built-in pack or question, naming the line', async () => {
    const clash = packMarkdown('ml-lifecycle', 'Mine', [{ id: 'door-one' }]);
    expect(text(await add('clash.md', clash))).toContain(`• line 3: "ml-lifecycle" is the id of a built-in pack`);
    const builtInQuestion = w.tutor.packs.list()[0]!.questions[0]!.id;
    const q = packMarkdown('mine', 'Mine', [{ id: builtInQuestion }]);
    const line = q.split('\n').indexOf(`## Question: ${builtInQuestion}`) + 1;
    expect(text(await add('q.md', q))).toContain(`• line ${line}: question id "${builtInQuestion}" is used by the built-in pack "ml-lifecycle"`);
    expect(w.store.packs.list(w.channel)).toEqual([]);
  });

  it('the same id in two workspaces is two packs', async () => {
    await add('onboarding.md', ONBOARDING);
    const theirs = packMarkdown('onboarding', 'Their onboarding', [{ id: 'door-one' }]);
    expect((await add('onboarding.md', theirs, { channel: OTHER })).view).toMatchObject({ tone: 'success' });
    expect((await w.tutor.packsIn(w.channel)).get('onboarding')!.title).toBe('Onboarding');
    expect((await w.tutor.packsIn(OTHER)).get('onboarding')!.title).toBe('Their onboarding');
  });

  it('is for admins; without a file it says how to attach one', async () => {
    expect(text(await add('onboarding.md', ONBOARDING, { actor: w.member('ann') }))).toContain('/quiz pack add is for admins');
    expect(text(await run('pack add'))).toContain('on Slack share the file with me in a direct message');
  });
});

describe('limits', () => {
  it('a file over the size limit is refused before it is fetched when the platform gives its size, else while reading', async () => {
    const big = memoryFile('big.md', 'x', PACK_LIMITS.bytes + 1);
    const reply = await run('pack add big.md', { files: { 'big.md': big } });
    expect(text(reply)).toBe('big.md is 1.0 MiB; a pack file may be at most 1.0 MiB. Split it into several packs. Nothing was stored.');
    expect(big.reads).toBe(0);
    const unsized = memoryFile('huge.md', new Uint8Array(PACK_LIMITS.bytes + 10));
    expect(text(await run('pack add huge.md', { files: { 'huge.md': unsized } }))).toContain('a pack file may be at most 1.0 MiB');
    expect(w.store.packs.list(w.channel)).toEqual([]);
  });

  it('a pack may hold at most PACK_LIMITS.questions questions', async () => {
    const many = packMarkdown('many', 'Many', Array.from({ length: PACK_LIMITS.questions + 1 }, (_, i) => ({ id: `many-${i}`, prompt: `Question number ${i} about door ${i * 7}?` })));
    expect(text(await add('many.md', many))).toContain(`${PACK_LIMITS.questions + 1} questions; a pack may hold at most ${PACK_LIMITS.questions}`);
  });

  it('a workspace may hold at most PACK_LIMITS.packs packs; replacing one at the limit is fine', async () => {
    for (let i = 0; i < PACK_LIMITS.packs; i++) {
      expect((await add(`p${i}.md`, packMarkdown(`p${i}`, `P${i}`, [{ id: `p${i}-q` }]))).view).toMatchObject({ tone: 'success' });
    }
    const reply = await add('one-more.md', packMarkdown('one-more', 'One more', [{ id: 'one-more-q' }]));
    expect(text(reply)).toBe(`This workspace has ${PACK_LIMITS.packs} packs, the most it may hold. Remove one (/quiz pack remove <id>) first. Nothing was stored.`);
    expect((await add('p0.md', packMarkdown('p0', 'P0 again', [{ id: 'p0-q' }]))).view).toMatchObject({ tone: 'success' });
    expect(w.store.packs.list(w.channel)).toHaveLength(PACK_LIMITS.packs);
    // Other workspaces have their own allowance.
    expect((await add('one-more.md', packMarkdown('one-more', 'One more', [{ id: 'one-more-q' }]), { channel: OTHER })).view).toMatchObject({ tone: 'success' });
  });
});

describe('replace, export, remove', () => {
  it('adding again replaces the pack; a question whose id is unchanged keeps its history', async () => {
    await add('onboarding.md', ONBOARDING);
    const drop = (await w.tutor.postDrop({ channel: w.channel, packId: 'onboarding' }, T0))!;
    await w.tutor.answerInChannel(w.channel, w.member('ann', 'Ann'), 'B', 'command', T0 + 1000);
    const v2 = packMarkdown('onboarding', 'Onboarding v2', [{ id: 'door-one', prompt: 'Reworded: which badge opens door 1?' }, { id: 'door-three' }]);
    const reply = await add('onboarding.md', v2, { now: T0 + 5000 });
    expect(text(reply)).toContain('Replaced pack "onboarding" (Onboarding v2): 2 question(s)');
    expect(text(reply)).toContain('1 question(s) kept their id and their history, 1 are new, 1 left the pack (their answers and scores stay).');
    // The answer, the review card and the channel's rotation still know door-one.
    const stats = await w.tutor.stats(w.channel, 'ann', 'Ann', T0 + 6000);
    expect(stats.packs).toEqual([expect.objectContaining({ packId: 'onboarding', title: 'Onboarding v2', correct: 1, answered: 1 })]);
    expect(stats.mastery.find((m) => m.packId === 'onboarding')!.unseen).toBe(0.5);
    await w.tutor.closeIn(w.channel, T0 + 7000);
    expect((await w.tutor.postDrop({ channel: w.channel, packId: 'onboarding' }, T0 + 8000))!.questionId).toBe('door-three');
    expect(drop.questionId).toBe('door-one');
  });

  it('export gives the stored Markdown back as a download', async () => {
    await add('onboarding.md', ONBOARDING);
    const reply = await run('pack export onboarding');
    expect(reply.files).toEqual([expect.objectContaining({ kind: 'download', name: 'onboarding.md', contentType: 'text/markdown' })]);
    expect(new TextDecoder().decode(reply.files![0]!.bytes)).toBe(ONBOARDING);
    expect(text(await run('pack export onboarding', { channel: OTHER }))).toContain('This workspace has no pack "onboarding"');
    expect(text(await run('pack export ml-lifecycle'))).toContain('is a built-in pack');
    expect(text(await run('pack export onboarding', { actor: w.member('ann') }))).toContain('is for admins');
  });

  it('remove is refused while a schedule uses the pack unless confirmed; the schedule pauses and scores stay', async () => {
    await add('onboarding.md', ONBOARDING);
    await w.tutor.postDrop({ channel: w.channel, packId: 'onboarding' }, T0);
    await w.tutor.answerInChannel(w.channel, w.member('ann', 'Ann'), 'B', 'command', T0 + 1000);
    const schedule = await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'admin', packId: 'onboarding' }, T0);
    expect(text(await run('pack remove onboarding', { channel: OTHER }))).toContain('This workspace has no pack "onboarding"');
    expect(text(await run('pack remove onboarding'))).toBe(
      `Pack "onboarding" is used by schedule #${schedule.id}. To remove it anyway (those schedules are paused), run /quiz pack remove onboarding confirm:yes.`,
    );
    expect(w.store.packs.list(w.channel)).toHaveLength(1);
    const reply = await run('pack remove onboarding confirm:yes');
    expect(text(reply)).toBe(`Removed pack "onboarding" (Onboarding). Schedule #${schedule.id} paused. Its answers and scores stay on the leaderboards.`);
    expect(w.store.schedules.get(schedule.id)!.paused).toBe(true);
    expect(await packIds(w.channel)).toEqual(['ml-lifecycle']);
    const board = await w.tutor.leaderboard(w.channel, 'all', 'ann', T0 + 2000);
    expect(board.rows).toEqual([expect.objectContaining({ userId: 'ann', points: 1, correct: 1 })]);
    // The open question of the removed pack can still be answered (its pack shows by id now).
    expect((await w.tutor.answerInChannel(w.channel, w.member('bob', 'Bob'), 'B', 'command', T0 + 3000)).view).toMatchObject({ kind: 'feedback', packTitle: 'onboarding' });
    expect(text(await run('pack remove ml-lifecycle'))).toContain('is a built-in pack');
  });
});

describe('several instances on one database', () => {
  it('another instance serves a pack added here without a restart, and forgets a removed one', async () => {
    const db2 = openDatabase(w.dbPath);
    try {
      const second = createTutor({
        store: createAsyncSqliteStore(db2),
        packs: new PackRegistry(createFolderSource(join(CONTENT, '01-ml-lifecycle.md'))),
        calendar: nodeCronCalendar,
        log: { debug() {}, info() {}, warn() {}, error() {} },
        settings: { tz: 'UTC', windowMs: 3_600_000, catchupMs: 3_600_000, easyMs: 15_000 },
        chat: () => undefined,
      });
      second.reload();
      expect((await second.packsIn(w.channel)).get('onboarding')).toBeUndefined();
      await add('onboarding.md', ONBOARDING);
      expect((await second.packsIn(w.channel)).get('onboarding')!.questions.map((q) => q.id)).toEqual(['door-one', 'door-two']);
      await run('pack remove onboarding');
      expect((await second.packsIn(w.channel)).get('onboarding')).toBeUndefined();
    } finally {
      db2.close();
    }
  });
});
