/**
 * A reply's files on Discord: attachments (AttachmentBuilder), a picture shown as its embed's image
 * (`attachment://name`), and what to say instead where Discord would refuse them (no Attach Files in the
 * channel, or a file over the upload limit).
 */
import { AttachmentBuilder, DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import type { ReplyFile } from '../../core/views.ts';
import type { DiscordMessage } from './render.ts';

/** Uploading files docs: 10 MiB a file, more in boosted servers (level 2: 50 MiB, level 3: 100 MiB). */
const MIB = 1024 * 1024;
const LIMIT_BY_TIER = [10 * MIB, 10 * MIB, 50 * MIB, 100 * MIB];

/** The upload limit of a server at `premiumTier` (0 to 3). */
export function sizeLimitOfTier(premiumTier: number): number {
  return LIMIT_BY_TIER[premiumTier] ?? LIMIT_BY_TIER[0]!;
}

/** What Discord allows here: the Attach Files permission, and the largest file. */
export interface FileRoom {
  attach: boolean;
  sizeLimit: number;
}

/** Files ready for discord.js, plus a note for each download that cannot go (pictures just stay out). */
export interface PreparedFiles {
  attachments: AttachmentBuilder[];
  /** The picture the first embed shows, by file name. */
  picture?: string;
  /** One line per download left out, saying why and what to do. */
  notes: string[];
  /** Log fields: what was left out and why. */
  dropped: { name: string; kind: ReplyFile['kind']; reason: 'no_attach_files' | 'too_large' }[];
}

const mb = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MB`;

/** Sorts `files` into what Discord will take in `room` and what it would refuse. */
export function prepareFiles(files: readonly ReplyFile[] | undefined, room: FileRoom): PreparedFiles {
  const out: PreparedFiles = { attachments: [], notes: [], dropped: [] };
  for (const f of files ?? []) {
    if (!room.attach) {
      out.dropped.push({ name: f.name, kind: f.kind, reason: 'no_attach_files' });
      if (f.kind === 'download') {
        out.notes.push(`I could not attach ${f.name}: the Stepwise role needs **Attach Files** in this channel. Ask a server admin to allow it, or run the command in a channel where it has it.`);
      }
    } else if (f.bytes.length > room.sizeLimit) {
      out.dropped.push({ name: f.name, kind: f.kind, reason: 'too_large' });
      const limit = room.sizeLimit > 0 ? `this server's ${mb(room.sizeLimit)} upload limit` : 'what Discord accepts here';
      if (f.kind === 'download') out.notes.push(`I could not attach ${f.name}: it is ${mb(f.bytes.length)}, over ${limit}.`);
    } else {
      out.attachments.push(new AttachmentBuilder(Buffer.from(f.bytes), { name: f.name, description: f.description.slice(0, 1024) }));
      if (f.kind === 'picture' && !out.picture) out.picture = f.name;
    }
  }
  return out;
}

/**
 * The first message of a reply with the files on it: the picture becomes the first embed's image, and a
 * note for each download left out goes above the text. Later messages stay as they are.
 */
export function withFiles<M extends DiscordMessage>(first: M, prepared: PreparedFiles): M & { files?: AttachmentBuilder[] } {
  const embeds = prepared.picture && first.embeds.length
    ? [{ ...first.embeds[0]!, image: { url: `attachment://${prepared.picture}` } }, ...first.embeds.slice(1)]
    : first.embeds;
  const notes = prepared.notes.join('\n');
  const content = notes ? [notes, first.content].filter(Boolean).join('\n\n') : first.content;
  return {
    ...first,
    embeds,
    ...(content !== undefined ? { content } : {}),
    ...(prepared.attachments.length ? { files: prepared.attachments } : {}),
  };
}

/** What is left of `room` after Discord refused the files for `reason`: used to send again without them. */
export function roomAfter(reason: 'no_attach_files' | 'too_large', room: FileRoom): FileRoom {
  return reason === 'no_attach_files' ? { ...room, attach: false } : { attach: true, sizeLimit: 0 };
}

/**
 * Sends the first message with its files; where Discord refuses them anyway (the cache had not seen a
 * permission change yet), sends it again without them, with the notes that explain a missing download.
 */
export async function sendFirst<T>(
  files: readonly ReplyFile[] | undefined,
  room: FileRoom,
  first: DiscordMessage,
  send: (message: DiscordMessage & { files?: AttachmentBuilder[] }) => Promise<T>,
  onDropped: (dropped: PreparedFiles['dropped']) => void,
): Promise<T> {
  const prepared = prepareFiles(files, room);
  if (prepared.dropped.length) onDropped(prepared.dropped);
  try {
    return await send(withFiles(first, prepared));
  } catch (err) {
    const reason = prepared.attachments.length ? refusedFiles(err) : null;
    if (!reason) throw err;
    const again = prepareFiles(files, roomAfter(reason, room));
    onDropped(again.dropped);
    return send(withFiles(first, again));
  }
}

/** Discord refused the files (the permission changed before the cache knew, or the limit was lower). */
export function refusedFiles(err: unknown): 'no_attach_files' | 'too_large' | null {
  if (!(err instanceof DiscordAPIError)) return null;
  if (err.code === RESTJSONErrorCodes.MissingPermissions) return 'no_attach_files';
  if (err.code === RESTJSONErrorCodes.RequestEntityTooLarge || err.status === 413) return 'too_large';
  return null;
}
