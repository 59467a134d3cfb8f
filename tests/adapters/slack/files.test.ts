/**
 * Files on Slack through Bolt's WebClient and the fake: files.uploadV2 (getUploadURLExternal, the upload
 * URL, completeUploadExternal) with files:write; a private download goes to the person's DM; without the
 * scope, or outside the channel, the text still arrives and a download says what to do.
 */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { explainUploadError, uploadFiles } from '../../../src/adapters/slack/files.ts';
import type { ReplyFile } from '../../../src/core/views.ts';
import { ALL_BOT_SCOPES } from '../../fakes/slack/scopes.ts';
import { csvRecords } from '../../helpers/csv.ts';
import { IDS, recordingLog, sent, startSlackWorld, type SlackWorld } from './harness.ts';

let w: SlackWorld | undefined;
afterEach(async () => {
  await w?.cleanup();
  w = undefined;
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const card: ReplyFile = { kind: 'picture', name: 'leaderboard.png', contentType: 'image/png', bytes: PNG, description: 'Leaderboard: top 10' };
const WITHOUT_FILES = ALL_BOT_SCOPES.filter((s) => s !== 'files:write');

/** A drop in #quiz that the member answers by button. */
async function answered(w: SlackWorld): Promise<void> {
  const { ts, dropId } = await w.drop(IDS.admin);
  const since = w.mark();
  await w.sender.sendAction(w.fake.payloads.blockActions({ actionId: 'stepwise_answer_b', value: `${dropId}:B`, userId: IDS.member, messageTs: ts }));
  await w.ephemeralTo(IDS.member, since);
}

describe('/quiz export on Slack', () => {
  it('uploads the CSV into the admin’s DM (an ephemeral cannot carry a file) and says so privately', async () => {
    w = await startSlackWorld({ scopesFromManifest: true });
    await answered(w);
    const reply = await (await w.command(IDS.admin, 'export all')).response();
    expect(reply.body.response_type).toBe('ephemeral');
    expect(sent(reply)).toMatch(/I sent stepwise-scores-all-2026-11-26\.csv to you in a direct message/);
    expect(sent(reply)).toContain('Scores for all time: 1 person');
    const opened = w.fake.callsTo('conversations.open').at(-1)!;
    expect(opened.body.users).toBe(IDS.admin);
    const dm = String((opened.response.channel as { id: string }).id);
    expect(w.fake.callsTo('files.getUploadURLExternal').map((c) => [c.body.filename, Number(c.body.length), c.response.ok])).toEqual([['stepwise-scores-all-2026-11-26.csv', expect.any(Number), true]]);
    const completed = w.fake.callsTo('files.completeUploadExternal').at(-1)!;
    expect([completed.body.channel_id, completed.response.ok]).toEqual([dm, true]);
    const upload = [...w.fake.state.uploads.values()].at(-1)!;
    expect(upload.sharedIn?.channel).toBe(dm);
    const rows = csvRecords(upload.bytes!.toString('utf8'));
    expect(rows.map((r) => [r.user_id, r.answered, r.correct])).toEqual([[IDS.member, '1', '1']]);
    expect(w.fake.calls.filter((c) => c.response.ok === false)).toEqual([]);
  });

  it('without files:write the text arrives with what to do, and nothing else fails', async () => {
    w = await startSlackWorld({ scopes: WITHOUT_FILES });
    await answered(w);
    const reply = await (await w.command(IDS.admin, 'export')).response();
    expect(sent(reply)).toContain('I could not send stepwise-scores-all-2026-11-26.csv: this Stepwise app may not upload files yet (Slack scope files:write)');
    expect(sent(reply)).toContain('Scores for all time: 1 person');
    expect(w.fake.callsTo('files.getUploadURLExternal').map((c) => c.response)).toEqual([{ ok: false, error: 'missing_scope', needed: 'files:write', provided: WITHOUT_FILES.join(',') }]);
    expect(w.fake.callsTo('files.completeUploadExternal')).toEqual([]);
    expect(w.fake.calls.filter((c) => c.response.ok === false).map((c) => c.method)).toEqual(['files.getUploadURLExternal']);
  });
});

describe('pictures in channel posts on Slack', () => {
  it('posts the text, then uploads the card into the channel with its alt text', async () => {
    w = await startSlackWorld({ scopesFromManifest: true });
    await answered(w);
    const board = await w.tutor.leaderboard(w.channel, 'all', IDS.admin, Date.now());
    await w.port().postView!(w.channel, board, [card]);
    const posted = w.fake.callsTo('chat.postMessage').at(-1)!;
    expect([posted.body.channel, posted.response.ok]).toEqual([IDS.quizChannel, true]);
    const asked = w.fake.callsTo('files.getUploadURLExternal').at(-1)!;
    expect([asked.body.filename, Number(asked.body.length), asked.body.alt_text ?? asked.body.alt_txt]).toEqual(['leaderboard.png', PNG.length, 'Leaderboard: top 10']);
    const upload = [...w.fake.state.uploads.values()].at(-1)!;
    expect(new Uint8Array(upload.bytes!)).toEqual(PNG);
    expect(upload.sharedIn?.channel).toBe(IDS.quizChannel);
  });

  it('without files:write the text is posted and the picture left out, and nothing fails', async () => {
    w = await startSlackWorld({ scopes: WITHOUT_FILES });
    const board = await w.tutor.leaderboard(w.channel, 'all', IDS.admin, Date.now());
    await expect(w.port().postView!(w.channel, board, [card])).resolves.toBeUndefined();
    expect(w.fake.callsTo('chat.postMessage').at(-1)!.response.ok).toBe(true);
    expect(w.fake.state.uploads.size).toBe(0);
    expect(w.logs.entries.some((l) => l.event === 'slack.api_failed' && l.fields.method === 'files.uploadV2' && l.fields.error === 'missing_scope')).toBe(true);
  });

  it('a reveal’s chart goes into the question’s thread', async () => {
    w = await startSlackWorld({ scopesFromManifest: true });
    const { ts, dropId } = await w.drop(IDS.admin);
    const drop = (await w.tutor.dropByMessage('slack', `${IDS.quizChannel}:${ts}`))!;
    const solution = { correctLetter: 'B', correctText: 'x', steps: [], finalAnswer: 'x', quickCheck: 'x', commonMistakes: [], hint: 'x' };
    await w.port().postReveal(drop, { kind: 'reveal', dropId, packTitle: 'P', difficulty: 'easy', prompt: 'Q', options: [{ letter: 'B', text: 'x', count: 0 }], total: 0, winners: [], moreWinners: 0, solution }, [{ ...card, name: 'picks.png' }]);
    const completed = w.fake.callsTo('files.completeUploadExternal').at(-1)!;
    expect([completed.body.channel_id, completed.body.thread_ts, completed.response.ok]).toEqual([IDS.quizChannel, ts, true]);
  });
});

describe('uploads through the real WebClient against the fake', () => {
  it('refuses a channel the bot is not in with not_in_channel, and an oversized file with file_upload_size_restricted', async () => {
    w = await startSlackWorld();
    const client = new webApi.WebClient(w.fake.botToken, { slackApiUrl: w.fake.apiUrl, retryConfig: { retries: 0 } });
    const { log, lines } = recordingLog();
    expect(await uploadFiles(client, log, { workspace: IDS.team }, { channel: IDS.otherChannel }, [card])).toBe('not_in_channel');
    expect(explainUploadError('not_in_channel', 'x.csv', IDS.otherChannel)).toContain('/invite @Stepwise');
    w.fake.state.maxUploadBytes = 4;
    expect(await uploadFiles(client, log, { workspace: IDS.team }, { channel: IDS.quizChannel }, [card])).toBe('file_upload_size_restricted');
    expect(lines.entries.map((l) => l.fields.error)).toEqual(['not_in_channel', 'file_upload_size_restricted']);
  });
});
