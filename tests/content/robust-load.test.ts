import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPacks, loadPacksAsync, createFolderSource, MAX_PACK_BYTES } from '../../src/content/folder.ts';
import { MAX_ERRORS } from '../../src/content/parse-pack.ts';
import { PackRegistry } from '../../src/core/packs.ts';
import { runScript } from '../helpers/bot.ts';
import { CONTENT } from '../helpers/world.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-robust-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const SEED = join(CONTENT, '01-ml-lifecycle.md');
const path = (...parts: string[]) => join(dir, ...parts);
/** The seed pack (id ml-lifecycle) at `dir/<name>`. */
const good = (...parts: string[]) => {
  mkdirSync(join(dir, ...parts.slice(0, -1)), { recursive: true });
  copyFileSync(SEED, path(...parts));
};
/** Problems as `<path inside dir>:<line>: <severity>: <message>`. */
const shown = (problems: { file: string; line: number; severity: string; message: string }[]) =>
  problems.map((p) => `${p.file.replace(`${dir}/`, '')}:${p.line}: ${p.severity}: ${p.message}`);

describe('one bad entry in content/ never stops the others from loading', () => {
  it('a file with hundreds of thousands of errors is one refused pack with the first 1,000 and a note, not a stack overflow', async () => {
    // 200,000 lines of text before the title: one error each. `problems.push(...mine)` overflowed at ~125,000.
    writeFileSync(path('a-noise.md'), 'x\n'.repeat(200_000));
    good('b-good.md');
    for (const { packs, problems } of [loadPacks(dir), await loadPacksAsync(dir)]) {
      expect(packs.map((p) => p.id)).toEqual(['ml-lifecycle']);
      const errors = problems.filter((p) => p.severity === 'error');
      expect(errors).toHaveLength(MAX_ERRORS + 1);
      expect(shown(errors.slice(0, 2))).toEqual(['a-noise.md:1: error: text before the "# Pack: <title>" line', 'a-noise.md:2: error: text before the "# Pack: <title>" line']);
      expect(shown(errors.slice(-1))).toEqual([`a-noise.md:2000: error: more than ${MAX_ERRORS} errors; stopped reading at this line. Fix the first ones and check again`]);
    }
  });

  it('a file over the size cap (a sparse 2 GiB file) is refused by its size, without reading it', async () => {
    writeFileSync(path('huge.md'), '');
    truncateSync(path('huge.md'), 2 ** 31 + 1); // sparse: no disk used; readFileSync would throw ERR_FS_FILE_TOO_LARGE
    writeFileSync(path('just-over.md'), Buffer.alloc(MAX_PACK_BYTES + 1, 0x20));
    good('ok.md');
    for (const { packs, problems } of [loadPacks(dir), await loadPacksAsync(dir)]) {
      expect(packs.map((p) => p.id)).toEqual(['ml-lifecycle']);
      expect(shown(problems)).toEqual([
        'huge.md:0: error: the file is 2.0 GiB; a pack file may be at most 4.0 MiB. Split it into several packs',
        'just-over.md:0: error: the file is 4.0 MiB; a pack file may be at most 4.0 MiB. Split it into several packs',
      ]);
    }
  });

  it('symlink loops, a folder linked to its parent and a broken symlink are problems with their paths', async () => {
    symlinkSync('self.md', path('self.md')); // a file symlink to itself: ELOOP
    mkdirSync(path('sub'));
    symlinkSync('..', path('sub', 'up')); // a folder loop
    symlinkSync('nowhere.md', path('broken.md'));
    good('sub', 'pack.md');
    for (const { packs, problems } of [loadPacks(dir), await loadPacksAsync(dir)]) {
      expect(packs.map((p) => p.id)).toEqual(['ml-lifecycle']);
      expect(shown(problems)).toEqual([
        'broken.md:0: error: a broken symlink: its target does not exist',
        'self.md:0: error: this symlink is a symlink loop (or a chain of too many symlinks)',
        `sub/up:0: error: a symlink loop: this is ${dir} again; not read twice`,
      ]);
    }
  });

  it('the same folder reached twice through a symlink is read once, with a warning', () => {
    good('packs', 'seed.md');
    symlinkSync('packs', path('also'));
    const { packs, problems } = loadPacks(dir);
    expect(packs.map((p) => p.id)).toEqual(['ml-lifecycle']);
    expect(shown(problems)).toEqual([`packs:0: warning: the same folder as ${dir}/also; read once`]);
  });

  it('a content path that is neither a folder nor a file, or that does not exist, is one problem, not a crash', () => {
    expect(shown(loadPacks('/dev/null').problems)).toEqual(['/dev/null:0: error: the content path is neither a folder nor a file (name a folder of packs or one pack file)']);
    expect(shown(loadPacks(path('missing')).problems)).toEqual(['missing:0: error: the content path does not exist']);
    expect(shown(loadPacks(dir).problems)).toEqual([`${dir}:0: error: no pack files (*.md) found here`]);
  });

  it('a .md entry that is not a regular file (a FIFO) is refused without opening it', () => {
    expect(spawnSync('mkfifo', [path('pipe.md')]).status).toBe(0);
    good('ok.md');
    const { packs, problems } = loadPacks(dir);
    expect(packs.map((p) => p.id)).toEqual(['ml-lifecycle']);
    expect(shown(problems)).toEqual(['pipe.md:0: error: not a regular file; a pack is a plain Markdown file']);
  });

  it('an unreadable folder is a problem and the other packs load (checked as an unprivileged user)', () => {
    good('locked', 'seed.md');
    const other = readFileSync(join(CONTENT, '02-experiment-tracking.md'));
    mkdirSync(path('open'));
    writeFileSync(path('open', 'tracking.md'), other);
    chmodSync(path('locked'), 0o000);
    chmodSync(dir, 0o755);
    const r = runUnprivileged(['src/cli/content-check.ts', dir]);
    chmodSync(path('locked'), 0o755);
    expect(r.stdout.split('\n')).toEqual([
      `${dir}/locked:0: error: this folder cannot be read: permission denied; the packs in it are not loaded`,
      `1 pack(s) OK with 12 question(s); 1 error(s), 0 warning(s) in ${dir}. Packs with errors are refused by the bot until fixed.`,
      '',
    ]);
    expect(r.status).toBe(1);
  });
});

describe('packs mounted as symlinks, the way Kubernetes mounts a ConfigMap', () => {
  /** `..2024_…/` holds the files, `..data` links to it, and each visible file links through `..data`. */
  function configMap(files: Record<string, string>, stamp = '..2024_05_01_12_00_00.123456789') {
    mkdirSync(path(stamp));
    for (const [name, from] of Object.entries(files)) copyFileSync(from, path(stamp, name));
    rmSync(path('..data_tmp'), { force: true });
    symlinkSync(stamp, path('..data_tmp'));
    renameSync(path('..data_tmp'), path('..data')); // atomic swap, as the kubelet does
    for (const name of Object.keys(files)) {
      rmSync(path(name), { force: true });
      symlinkSync(join('..data', name), path(name));
    }
  }

  it('loads every pack once (the hidden timestamped folder is not read twice), with no problems', async () => {
    configMap({ '01-ml-lifecycle.md': SEED, '02-experiment-tracking.md': join(CONTENT, '02-experiment-tracking.md') });
    for (const { packs, problems } of [loadPacks(dir), await loadPacksAsync(dir)]) {
      expect(problems).toEqual([]);
      expect(packs.map((p) => p.id)).toEqual(['ml-lifecycle', 'experiment-tracking']);
    }
  });

  it('a reload after the kubelet swaps ..data serves the new version', async () => {
    configMap({ 'pack.md': SEED });
    const registry = new PackRegistry(createFolderSource(dir));
    expect(registry.reload().packs).toBe(1);
    configMap({ 'pack.md': join(CONTENT, '02-experiment-tracking.md') }, '..2024_05_02_12_00_00.000000001');
    const report = await registry.reloadAsync();
    expect([report.problems, registry.list().map((p) => p.id)]).toEqual([[], ['experiment-tracking']]);
  });
});

describe('/quiz reload keeps the last good version of what it cannot read now', () => {
  it('a pack whose file grew past the cap, and packs under a folder that became a broken link, are kept', async () => {
    good('a.md');
    mkdirSync(path('sub'));
    copyFileSync(join(CONTENT, '02-experiment-tracking.md'), path('sub', 'b.md'));
    const registry = new PackRegistry(createFolderSource(dir));
    expect(registry.reload()).toMatchObject({ packs: 2, kept: [] });
    truncateSync(path('a.md'), MAX_PACK_BYTES + 1);
    renameSync(path('sub'), path('.moved')); // hidden folders are not read
    symlinkSync('gone', path('sub'));
    const report = await registry.reloadAsync();
    expect(report.kept.sort()).toEqual(['experiment-tracking', 'ml-lifecycle']);
    expect(registry.list().map((p) => p.id).sort()).toEqual(['experiment-tracking', 'ml-lifecycle']);
  });

  it('two reloads asked for together apply in order, so the later read wins', async () => {
    good('a.md');
    const registry = new PackRegistry(createFolderSource(dir));
    registry.reload();
    const first = registry.reloadAsync();
    copyFileSync(join(CONTENT, '02-experiment-tracking.md'), path('a.md'));
    const second = registry.reloadAsync();
    await Promise.all([first, second]);
    expect(registry.list().map((p) => p.id)).toEqual(['experiment-tracking']);
  });
});

describe('the real entry point with one bad entry and one good pack', () => {
  it('starts in the terminal chat, serves the good pack and names the bad entry', async () => {
    const content = path('content');
    mkdirSync(content);
    copyFileSync(SEED, join(content, '01-good.md'));
    symlinkSync('00-loop.md', join(content, '00-loop.md'));
    writeFileSync(join(content, '02-huge.md'), '');
    truncateSync(join(content, '02-huge.md'), 2 ** 31 + 1);
    mkdirSync(path('run'));
    const { code, stdout, stderr } = await runScript(path('run'), '/quiz packs\n', { STEPWISE_CONTENT: content });
    expect(code).toBe(0);
    expect(stderr).toContain(`Some content was refused:\n${content}/00-loop.md:0: error: this symlink is a symlink loop`);
    expect(stderr).toContain(`${content}/02-huge.md:0: error: the file is 2.0 GiB`);
    expect(stdout).toContain('📝 Question #1 · Why ML lifecycle stages in MLOps?');
    expect(stdout).toMatch(/ml-lifecycle.*5 questions/);
  });
});

/** Runs `tsx <args>` from the repository as a user the folder permissions apply to (root ignores them). */
function runUnprivileged(args: string[]) {
  const root = join(import.meta.dirname, '..', '..');
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'env', `HOME=${dir}`, `PATH=${process.env.PATH}`, tsx, ...args]]
    : [tsx, args];
  const r = spawnSync(cmd, argv as string[], { cwd: root, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
}
