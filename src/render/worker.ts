/**
 * The render worker: one long-lived thread that draws pictures, so Skia's work never holds the main event
 * loop. Receives `{ id, view }`, answers `{ id, bytes, width, height, rows }` or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import type { PictureView } from './describe.ts';
import { draw } from './draw.ts';
import { registerFonts } from './fonts.ts';

/** A request to the worker. */
export interface RenderRequest {
  id: number;
  view: PictureView;
}

/** The worker's answer. */
export type RenderResponse =
  | { id: number; bytes: Uint8Array; width: number; height: number; rows?: number }
  | { id: number; error: string };

const port = parentPort;
if (port) {
  // At once, so the first picture asked for does not pay for reading the fonts.
  registerFonts();
  port.on('message', (req: RenderRequest) => {
    try {
      const { bytes, width, height, rows } = draw(req.view);
      const res: RenderResponse = { id: req.id, bytes, width, height, ...(rows === undefined ? {} : { rows }) };
      port.postMessage(res, [bytes.buffer as ArrayBuffer]);
    } catch (err) {
      port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies RenderResponse);
    }
  });
}
