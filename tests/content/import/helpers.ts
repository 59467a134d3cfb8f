/** Shared by the importer tests: run a format on a sample, write the pack to a temp dir, load it back. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPacks } from '../../../src/content/folder.ts';
import { importBank, type FormatName } from '../../../src/content/import/run.ts';
import { packToMarkdown } from '../../../src/content/import/to-markdown.ts';
import type { ImportOptions } from '../../../src/content/import/types.ts';

/** The sample banks next to these tests. */
export const SAMPLES = join(import.meta.dirname, 'samples');
/** The CLI's defaults: medium, shuffled. */
export const DEFAULTS: ImportOptions = { difficulty: 'medium', keepOrder: false };

/** Reads a sample file as text. */
export const sample = (name: string) => readFileSync(join(SAMPLES, name), 'utf8');

/** A fresh temp dir, and a function that removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-import-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Imports `text`, writes `<dir>/<pack>.md` and loads it with the real loader. */
export function importAndLoad(dir: string, from: FormatName, text: string, pack: string, options: Partial<ImportOptions> = {}) {
  const result = importBank(from, text, { ...DEFAULTS, ...options });
  const md = packToMarkdown({ id: pack, title: `Test ${pack}`, source: `${pack}.src`, ...(result.topic ? { topic: result.topic } : {}) }, result.drafts, result.total);
  const file = join(dir, `${pack}.md`);
  writeFileSync(file, md);
  const { packs, problems } = loadPacks(file);
  return { result, md, packs, problems, pack: packs[0], errors: problems.filter((p) => p.severity === 'error') };
}

/** The right option's text of a loaded question. */
export const rightText = (q: { options: { letter: string; text: string }[]; answer: string }) => q.options.find((o) => o.letter === q.answer)!.text;
