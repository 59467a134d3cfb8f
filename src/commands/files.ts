/** Attaching a view's picture to a reply. */
import type { Reply, ReplyFile } from '../core/views.ts';

/** `reply` with `files` when there are any; without the key otherwise, so text-only replies stay as they were. */
export function withFiles(reply: Reply, files: ReplyFile[] | undefined): Reply {
  return files && files.length > 0 ? { ...reply, files } : reply;
}
