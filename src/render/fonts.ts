/**
 * The fonts every picture uses, shipped as npm packages (@fontsource, SIL Open Font License) and registered
 * by path, so a fresh machine draws the same pixels whatever fonts its system has.
 */
import { GlobalFonts } from '@napi-rs/canvas';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The family names the drawing code asks for; system fonts are never named. */
export const SANS = 'Stepwise Sans';
export const EMOJI = 'Stepwise Emoji';

/** The Noto Sans subsets drawn: Latin, Greek and Cyrillic cover the names and packs seen so far. */
const SUBSETS = ['latin', 'latin-ext', 'greek', 'cyrillic', 'cyrillic-ext', 'vietnamese'];
const WEIGHTS = [400, 700];

let registered = false;

function filesOf(pkg: string): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'files');
}

/** Registers the shipped fonts once per thread; throws when a font file is missing (a broken install). */
export function registerFonts(): void {
  if (registered) return;
  const sans = filesOf('@fontsource/noto-sans');
  for (const subset of SUBSETS) {
    for (const weight of WEIGHTS) {
      const file = join(sans, `noto-sans-${subset}-${weight}-normal.woff2`);
      if (!GlobalFonts.registerFromPath(file, SANS)) throw new Error(`cannot load font ${file}`);
    }
  }
  // Noto Color Emoji comes in unicode-range slices; all of them, so any emoji in a name finds its glyph.
  const emoji = filesOf('@fontsource/noto-color-emoji');
  const slices = readdirSync(emoji).filter((f) => f.endsWith('.woff2')).sort();
  if (slices.length === 0) throw new Error(`no emoji font in ${emoji}`);
  for (const f of slices) if (!GlobalFonts.registerFromPath(join(emoji, f), EMOJI)) throw new Error(`cannot load font ${f}`);
  registered = true;
}

/** A CSS font string in the shipped families: text first, emoji for what the text font lacks. */
export function font(size: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${size}px "${SANS}", "${EMOJI}"`;
}
