/**
 * The fake's file upload, driven by the real WebClient's filesUploadV2. Facts from the method pages:
 * files.getUploadURLExternal (bot scope files:write; filename and length required; upload_url and
 * file_id back; "file_upload_size_restricted"), the upload URL ("raw bytes or multipart form encoded
 * … HTTP 200 if the upload is successful"), files.completeUploadExternal (files:write; channel_id,
 * thread_ts, initial_comment; not_in_channel where the bot is not a member).
 */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaptureLogger, IDS, startFakeSlack, type FakeSlack } from './index.ts';
import { ALL_BOT_SCOPES } from './scopes.ts';

let fake: FakeSlack;
afterEach(async () => {
  await fake.close();
});

const clientOf = (f: FakeSlack) => new webApi.WebClient(f.botToken, { slackApiUrl: f.apiUrl, retryConfig: { retries: 0 }, logger: createCaptureLogger() });
const errorOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { data?: { error?: string } }) => e.data?.error);
const file = { file: Buffer.from('name,points\r\nann,3\r\n'), filename: 'scores.csv', title: 'Scores' };

describe('files.uploadV2 against the fake', () => {
  it('gets an upload URL, takes the bytes there, and shares the file in the channel thread with its comment', async () => {
    fake = await startFakeSlack();
    await clientOf(fake).filesUploadV2({ channel_id: IDS.quizChannel, thread_ts: '1700000000.000100', initial_comment: 'here', file_uploads: [file] });
    expect(fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    const [upload] = [...fake.state.uploads.values()];
    expect(upload).toMatchObject({ filename: 'scores.csv', title: 'Scores', length: file.file.length, sharedIn: { channel: IDS.quizChannel, threadTs: '1700000000.000100', initialComment: 'here' } });
    expect(upload!.bytes!.equals(file.file)).toBe(true);
    expect(fake.state.messages.at(-1)).toMatchObject({ channel: IDS.quizChannel, text: 'here', files: [upload!.id] });
  });

  it('without files:write: missing_scope with needed and provided, and nothing uploaded', async () => {
    fake = await startFakeSlack({ scopes: ALL_BOT_SCOPES.filter((s) => s !== 'files:write') });
    expect(await errorOf(clientOf(fake).filesUploadV2({ channel_id: IDS.quizChannel, file_uploads: [file] }))).toBe('missing_scope');
    expect(fake.calls[0]!.response).toMatchObject({ needed: 'files:write' });
    expect(fake.state.uploads.size).toBe(0);
  });

  it('refuses a channel the bot is not in (not_in_channel) and a file over the workspace limit (file_upload_size_restricted)', async () => {
    fake = await startFakeSlack();
    expect(await errorOf(clientOf(fake).filesUploadV2({ channel_id: IDS.otherChannel, file_uploads: [file] }))).toBe('not_in_channel');
    fake.state.maxUploadBytes = 10;
    expect(await errorOf(clientOf(fake).filesUploadV2({ channel_id: IDS.quizChannel, file_uploads: [file] }))).toBe('file_upload_size_restricted');
  });

  it('completing an upload whose bytes never arrived is file_not_found', async () => {
    fake = await startFakeSlack();
    const client = clientOf(fake);
    const got = await client.files.getUploadURLExternal({ filename: 'a.csv', length: 3 });
    expect(await errorOf(client.files.completeUploadExternal({ files: [{ id: String(got.file_id) }], channel_id: IDS.quizChannel }))).toBe('file_not_found');
  });
});
