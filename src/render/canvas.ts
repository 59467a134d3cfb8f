/** Drawing helpers shared by the pictures: colours, a card frame, text that fits, rounded bars. */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { font } from './fonts.ts';

/** One dark palette for every picture (readable in Discord's and Slack's dark and light themes). */
export const C = {
  bg: '#111827',
  panel: '#1f2937',
  line: '#374151',
  text: '#f9fafb',
  muted: '#9ca3af',
  accent: '#60a5fa',
  good: '#22c55e',
  bad: '#f87171',
  unseen: '#4b5563',
  gold: '#fbbf24',
  silver: '#d1d5db',
  bronze: '#d97706',
} as const;

/** A drawing surface and its context. */
export interface Surface {
  canvas: Canvas;
  ctx: SKRSContext2D;
  width: number;
  height: number;
}

/** A card of the given size with its title and subtitle drawn; content starts at y = 96. */
export function card(width: number, height: number, title: string, subtitle: string): Surface {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = C.bg;
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'alphabetic';
  text(ctx, title, 32, 50, { size: 28, bold: true, max: width - 64 });
  text(ctx, subtitle, 32, 80, { size: 16, color: C.muted, max: width - 64 });
  return { canvas, ctx, width, height };
}

/** Options for `text`. */
export interface TextOptions {
  size?: number;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'right' | 'center';
  /** Widest the text may be; longer text is cut with an ellipsis. */
  max?: number;
}

/** Draws one line of text, cut to fit `max`. */
export function text(ctx: SKRSContext2D, s: string, x: number, y: number, o: TextOptions = {}): void {
  ctx.font = font(o.size ?? 18, o.bold);
  ctx.fillStyle = o.color ?? C.text;
  ctx.textAlign = o.align ?? 'left';
  ctx.fillText(o.max ? fit(ctx, s, o.max) : s, x, y);
}

/** `s` cut (with an ellipsis) to fit `max` pixels in the context's current font. */
export function fit(ctx: SKRSContext2D, s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (ctx.measureText(flat).width <= max) return flat;
  // Cut by code points, so an emoji is never split in half; binary search keeps it to a few measures.
  const chars = [...flat];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${chars.slice(0, mid).join('')}…`).width <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/** A filled rounded rectangle. */
export function box(ctx: SKRSContext2D, x: number, y: number, w: number, h: number, r: number, color: string): void {
  if (w <= 0 || h <= 0) return;
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, Math.min(r, w / 2, h / 2));
  ctx.fill();
}

/** A percentage for labels: "73%". */
export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** PNG bytes of a finished surface. */
export function png(s: Surface): Uint8Array {
  return new Uint8Array(s.canvas.toBuffer('image/png'));
}
