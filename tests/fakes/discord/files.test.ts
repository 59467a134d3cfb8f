/**
 * Files on the fake Discord, by raw multipart requests. Each refusal names the documented fact:
 * Reference, "Uploading Files" (multipart/form-data with `payload_json` and `files[n]`, an embed's
 * `attachment://name`, the 10 MiB default limit refused with 413 and JSON code 40005), and the
 * Attach Files permission (50013 Missing Permissions without it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS, Perm, startFakeDiscord, type FakeDiscord } from './index.ts';

let fake: FakeDiscord;
afterEach(async () => {
  await fake.close();
});

/** POST /channels/:id/messages as multipart, files as `field → [name, bytes]`. */
async function post(files: Record<string, [string, Uint8Array]>, payload: unknown = { content: 'hi' }) {
  const form = new FormData();
  form.append('payload_json', JSON.stringify(payload));
  for (const [field, [name, bytes]] of Object.entries(files)) form.append(field, new Blob([bytes]), name);
  const res = await fetch(`${fake.apiUrl}/v10/channels/${fake.state.channel.id}/messages`, { method: 'POST', body: form, headers: { authorization: `Bot ${fake.token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const bytes = (n: number) => new Uint8Array(n).fill(7);

describe('uploading files', () => {
  it('stores files[n] as attachments (with size and content type) and points an embed’s attachment:// image at its file', async () => {
    fake = await startFakeDiscord();
    const { status, body } = await post({ 'files[0]': ['card.png', bytes(10)], 'files[1]': ['scores.csv', bytes(3)] }, { embeds: [{ title: 'Board', image: { url: 'attachment://card.png' } }], attachments: [{ id: 0 }, { id: 1 }] });
    expect(status).toBe(200);
    const attachments = body.attachments as { filename: string; size: number; content_type: string; url: string }[];
    expect(attachments.map((a) => [a.filename, a.size, a.content_type])).toEqual([['card.png', 10, 'image/png'], ['scores.csv', 3, 'text/csv; charset=utf-8']]);
    expect((body.embeds as { image: { url: string } }[])[0]!.image.url).toBe(attachments[0]!.url);
    expect(fake.filesOf(String(body.id)).map((f) => [f.name, f.bytes.length])).toEqual([['card.png', 10], ['scores.csv', 3]]);
  });

  it('refuses files without Attach Files in the channel: 403, 50013 Missing Permissions (the same text alone is fine)', async () => {
    fake = await startFakeDiscord({ botPermissions: DEFAULT_BOT_PERMISSIONS & ~Perm.AttachFiles, everyonePermissions: Perm.ViewChannel });
    expect(await post({ 'files[0]': ['card.png', bytes(10)] })).toEqual({ status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    expect((await post({})).status).toBe(200);
  });

  it('refuses a file over the upload limit: 413, 40005 Request entity too large (the limit itself is allowed)', async () => {
    fake = await startFakeDiscord({ attachmentSizeLimit: 1000 });
    expect(await post({ 'files[0]': ['big.csv', bytes(1001)] })).toEqual({ status: 413, body: { message: 'Request entity too large', code: 40005 } });
    expect((await post({ 'files[0]': ['fits.csv', bytes(1000)] })).status).toBe(200);
  });

  it('reads only files[n] fields as files (Uploading Files: "files[n]")', async () => {
    fake = await startFakeDiscord();
    const { status, body } = await post({ file: ['x.png', bytes(1)] });
    expect(status).toBe(400);
    expect(body.code).toBe(50035);
  });
});
