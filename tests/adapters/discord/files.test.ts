/**
 * Files on Discord through discord.js and the fake: a picture is an attachment its embed shows
 * (`attachment://`), `/quiz export` arrives as a CSV attachment, and where Attach Files is missing or a
 * file is too large the text arrives alone and nothing fails.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReplyFile } from '../../../src/core/views.ts';
import { DEFAULT_BOT_PERMISSIONS, Perm } from '../../fakes/discord/index.ts';
import { csvRecords } from '../../helpers/csv.ts';
import { startHarness, textOf, type Body, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  if (h) expect(await h.close()).toEqual([]);
  h = undefined;
});

/** A picture as a renderer would hand it over (bytes are opaque to the adapter). */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 200 }, (_, i) => i)]);
const card = (name = 'leaderboard.png'): ReplyFile => ({ kind: 'picture', name, contentType: 'image/png', bytes: PNG, description: 'Leaderboard: top 10' });

/** Two people answer a drop, so the export has rows. */
async function answered(h: Harness): Promise<void> {
  const { dropId, messageId } = await h.drop();
  await h.reply(h.press(h.learner.id, messageId, `stepwise:answer:${dropId}:B`));
  await h.reply(h.press(h.admin.id, messageId, `stepwise:answer:${dropId}:A`));
}

/** The message an interaction's reply became, and the files the fake stored on it. */
function replyFiles(h: Harness, payload: { id: string }) {
  const id = h.replyMessage(payload);
  return { message: h.fake.state.messages.get(id)!, files: h.fake.filesOf(id) };
}

describe('pictures in channel posts', () => {
  it('posts the card as an attachment that the embed shows, with the same text as without it', async () => {
    h = await startHarness();
    await answered(h);
    const board = await h.bot.tutor.leaderboard(h.bot.channel, 'all', h.admin.id, h.bot.clock.now());
    await h.bot.adapter.port.postView!(h.bot.channel, board, [card()]);
    const call = h.fake.callsTo('POST', h.channelMessages).at(-1)!;
    expect(call.status).toBe(200);
    expect(call.headers.contentType).toMatch(/^multipart\/form-data/);
    expect(call.uploads.map((u) => [u.field, u.name, u.contentType])).toEqual([['files[0]', 'leaderboard.png', 'image/png']]);
    const body = call.body as Body & { attachments?: { id: number | string; filename: string; description?: string }[] };
    expect(body.embeds![0]!.image).toEqual({ url: 'attachment://leaderboard.png' });
    expect(body.attachments?.[0]).toMatchObject({ id: '0', description: 'Leaderboard: top 10' });
    expect(textOf(body)).toContain('Quizmaster');
    const stored = h.fake.state.messages.get(h.fake.state.channel.last_message_id!)!;
    expect(stored.embeds[0]!.image?.url).toBe(stored.attachments[0]!.url);
    expect(new Uint8Array(h.fake.filesOf(stored.id)[0]!.bytes)).toEqual(PNG);
  });

  it('without Attach Files posts the text alone, asks Discord nothing it would refuse, and logs what was left out', async () => {
    h = await startHarness();
    h.fake.setBotPermissions(DEFAULT_BOT_PERMISSIONS & ~Perm.AttachFiles);
    h.fake.state.roleById.get(h.fake.state.roles.everyone)!.permissions = String(Perm.ViewChannel | Perm.ReadMessageHistory);
    await h.reply(h.slash(h.admin.id, 'help')); // the role update is in the cache now
    const board = await h.bot.tutor.leaderboard(h.bot.channel, 'all', h.admin.id, h.bot.clock.now());
    await h.bot.adapter.port.postView!(h.bot.channel, board, [card()]);
    const call = h.fake.callsTo('POST', h.channelMessages).at(-1)!;
    expect(call.status).toBe(200);
    expect(call.uploads).toEqual([]);
    expect((call.body as Body).embeds![0]!.image).toBeUndefined();
    expect(h.bot.log.find((l) => l.event === 'discord.files_left_out')?.fields).toMatchObject({ files: [{ name: 'leaderboard.png', kind: 'picture', reason: 'no_attach_files' }] });
  });

  it('when Discord refuses the files anyway (a permission change the cache missed: 50013), sends the text alone', async () => {
    h = await startHarness({ fake: { everyonePermissions: 0n } });
    // Taken away without telling the gateway: the client still believes it may attach.
    h.fake.state.roleById.get(h.fake.state.roles.bot)!.permissions = String(DEFAULT_BOT_PERMISSIONS & ~Perm.AttachFiles);
    const board = await h.bot.tutor.leaderboard(h.bot.channel, 'all', h.admin.id, h.bot.clock.now());
    await h.bot.adapter.port.postView!(h.bot.channel, board, [card()]);
    const posts = h.fake.callsTo('POST', h.channelMessages);
    expect(posts.map((c) => [c.status, c.uploads.length])).toEqual([[403, 1], [200, 0]]);
    expect(posts[0]!.body).toMatchObject({ embeds: [{ image: { url: 'attachment://leaderboard.png' } }] });
  });

  it('a file over the server’s upload limit is refused by Discord (413, 40005) and the text still arrives', async () => {
    h = await startHarness({ fake: { attachmentSizeLimit: 100 } });
    const board = await h.bot.tutor.leaderboard(h.bot.channel, 'all', h.admin.id, h.bot.clock.now());
    await h.bot.adapter.port.postView!(h.bot.channel, board, [card()]);
    const posts = h.fake.callsTo('POST', h.channelMessages);
    expect(posts.map((c) => [c.status, c.uploads.length])).toEqual([[413, 1], [200, 0]]);
  });
});

describe('/quiz export on Discord', () => {
  it('arrives as a private CSV attachment with a row per person', async () => {
    h = await startHarness();
    await answered(h);
    const payload = h.slash(h.admin.id, 'export', { period: 'all' });
    const seen = await h.reply(payload);
    expect(seen.flags & 64).toBe(64);
    expect(textOf(seen.body)).toMatch(/^Scores for all time: 2 people/);
    const { message, files } = replyFiles(h, payload);
    expect(message.attachments.map((a) => [a.filename, a.content_type, a.ephemeral])).toEqual([['stepwise-scores-all-2026-11-26.csv', 'text/csv; charset=utf-8', true]]);
    const rows = csvRecords(files[0]!.bytes.toString('utf8'));
    const names = new Map([[h.admin.id, 'Quizmaster'], [h.learner.id, 'Bob B.']]);
    expect(rows.map((r) => [r.name, r.user_id, r.answered])).toEqual(
      (await h.bot.tutor.leaderboard(h.bot.channel, 'all', h.admin.id, h.bot.clock.now())).rows.map((r) => [names.get(r.userId), r.userId, '1']),
    );
    expect(rows.find((r) => r.user_id === h!.learner.id)).toMatchObject({ points: expect.stringMatching(/^[1-9]/), correct: '1', accuracy_pct: '100' });
  });

  it('without Attach Files says why instead of the file, and nothing fails', async () => {
    h = await startHarness();
    await answered(h);
    h.fake.setBotPermissions(DEFAULT_BOT_PERMISSIONS & ~Perm.AttachFiles);
    h.fake.state.roleById.get(h.fake.state.roles.everyone)!.permissions = String(Perm.ViewChannel | Perm.ReadMessageHistory | Perm.UseApplicationCommands);
    const payload = h.slash(h.admin.id, 'export');
    const seen = await h.reply(payload);
    expect(textOf(seen.body)).toContain('I could not attach stepwise-scores-all-2026-11-26.csv: the Stepwise role needs **Attach Files** in this channel');
    expect(textOf(seen.body)).toContain('Scores for all time: 2 people');
    expect(replyFiles(h, payload).files).toEqual([]);
    expect(h.fake.calls.filter((c) => c.status >= 400 && c.status !== 429)).toEqual([]);
  });

  it('over the interaction’s attachment_size_limit says so instead of uploading', async () => {
    h = await startHarness({ fake: { attachmentSizeLimit: 50 } });
    await answered(h);
    const payload = h.slash(h.admin.id, 'export');
    const seen = await h.reply(payload);
    expect(textOf(seen.body)).toMatch(/I could not attach stepwise-scores-all-[\d-]+\.csv: it is 0\.0 MB, over this server's 0\.0 MB upload limit\./);
    expect(h.fake.calls.filter((c) => c.status >= 400 && c.status !== 429)).toEqual([]);
  });
});
