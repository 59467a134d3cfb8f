import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Form fields that Slack documents as "a JSON-based array/object presented as a URL-encoded string".
 * @slack/web-api JSON-stringifies every non-scalar argument before form-encoding it; we decode these
 * back so recorded calls are easy to assert on. Other fields stay exactly as sent (form scalars are strings).
 */
const JSON_FORM_FIELDS = new Set([
  'attachments',
  'blocks',
  'metadata',
  'view',
  'unfurls',
  'user_auth_blocks',
  'options',
  'option_groups',
  'outputs',
  'chunks',
  // files.completeUploadExternal: "files: Array of file ids and their corresponding (optional) titles".
  'files',
]);

/** Reads the whole request body as raw bytes. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a Web API request body (form, JSON or multipart) into a plain object, decoding JSON form fields. */
export async function parseApiBody(req: IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/json')) {
    const text = raw.toString('utf8');
    if (text.trim() === '') return {};
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  if (contentType.startsWith('multipart/form-data')) {
    // Let undici's Request do the multipart parsing; binary parts are recorded by name and size only.
    const form = await new Request('http://fake.invalid/', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? '' },
      body: new Uint8Array(raw),
    }).formData();
    const out: Record<string, unknown> = {};
    for (const [key, value] of form.entries()) {
      out[key] = typeof value === 'string' ? decodeField(key, value) : { file: value.name, size: value.size };
    }
    return out;
  }
  // Slack treats anything else (including a missing content type) as form-encoded, like GET query strings.
  return formToObject(new URLSearchParams(raw.toString('utf8')));
}

/** Converts form/query params to an object, decoding the JSON-carrying fields. */
export function formToObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) out[key] = decodeField(key, value);
  return out;
}

function decodeField(key: string, value: string): unknown {
  if (!JSON_FORM_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    // Slack would answer invalid_blocks etc.; keep the raw string so the test can see what was sent.
    return value;
  }
}

/** Extracts the token the way Slack does: `Authorization: Bearer …` first, then a `token` body field. */
export function extractToken(req: IncomingMessage, body: Record<string, unknown>): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match?.[1] !== undefined) return match[1];
  }
  return typeof body.token === 'string' && body.token !== '' ? body.token : undefined;
}

/** Writes a JSON response with Slack's content type. */
export function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(payload));
}
