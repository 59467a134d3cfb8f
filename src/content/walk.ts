/**
 * Finds the pack files under the content root. Nothing here may stop start-up: an unreadable folder,
 * a broken symlink, a symlink loop or a root that is not a folder each become a problem naming the
 * path, and the rest of the tree is still read. Symlinks are followed, so packs mounted the way
 * Kubernetes mounts a ConfigMap (`01.md -> ..data/01.md`, `..data -> ..2024_05_01…/`) load.
 */
import { isAbsolute, join, relative } from 'node:path';
import type { ContentProblem } from '../core/ports.ts';
import { PAUSE, readdirStep, realpathStep, statStep, type Steps } from './steps.ts';

/** Pack files found, sorted, and what could not be read on the way. */
export interface Found {
  files: string[];
  problems: ContentProblem[];
}

/** A path as problems show it: relative to the working directory when it is inside it, else as given. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Why a call on a path failed, in words. */
export function describeError(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ELOOP':
      return 'is a symlink loop (or a chain of too many symlinks)';
    case 'ENOTDIR':
      return 'is not a folder';
    default:
      return `cannot be read (${code})`;
  }
}

const isPack = (name: string) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md';
// Hidden folders (.git, Kubernetes' ..data and ..<timestamp>) are skipped: the visible files link into them.
const hidden = (name: string) => name.startsWith('.');

/** Every pack file (`*.md` except README.md) under `root`, or `root` itself when it is a file. */
export function* findPackFiles(root: string): Steps<Found> {
  const files: string[] = [];
  const problems: ContentProblem[] = [];
  const problem = (path: string, message: string, severity: ContentProblem['severity'] = 'error') =>
    problems.push({ file: shownPath(path), line: 0, message, severity });

  const top = yield* statStep(root);
  if ('error' in top) problem(root, `the content path ${describeError(top.error)}`);
  else if (top.kind === 'file') files.push(root);
  else if (top.kind === 'other') problem(root, 'the content path is neither a folder nor a file (name a folder of packs or one pack file)');
  else {
    // Real paths of the folders read so far, each with the path it was read as.
    const seen = new Map<string, string>();
    const visit = function* (dir: string, ancestors: string[]): Steps<void> {
      const real = yield* realpathStep(dir);
      if ('error' in real) return void problem(dir, `this folder ${describeError(real.error)}`);
      if (ancestors.includes(real.path)) return void problem(dir, `a symlink loop: this is ${shownPath(seen.get(real.path)!)} again; not read twice`);
      if (seen.has(real.path)) return void problem(dir, `the same folder as ${shownPath(seen.get(real.path)!)}; read once`, 'warning');
      seen.set(real.path, dir);
      const list = yield* readdirStep(dir);
      if ('error' in list) return void problem(dir, `this folder ${describeError(list.error)}; the packs in it are not loaded`);
      for (const entry of list.entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const path = join(dir, entry.name);
        let kind = entry.kind;
        if (kind === 'symlink') {
          const target = yield* statStep(path);
          if ('error' in target) {
            if (!hidden(entry.name)) problem(path, target.error === 'ENOENT' ? 'a broken symlink: its target does not exist' : `this symlink ${describeError(target.error)}`);
            continue;
          }
          kind = target.kind;
        }
        if (kind === 'dir') {
          if (!hidden(entry.name)) yield* visit(path, [...ancestors, real.path]);
        } else if (isPack(entry.name)) {
          if (kind === 'file') files.push(path);
          else problem(path, 'not a regular file; a pack is a plain Markdown file');
        }
        yield PAUSE;
      }
    };
    yield* visit(root, []);
  }
  return { files: files.sort(), problems };
}
