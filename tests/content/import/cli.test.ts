import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPacks } from '../../../src/content/folder.ts';
import { SAMPLES, tempDir } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI = join(ROOT, 'src', 'cli', 'content-import.ts');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** Runs the real command as a child process (stderr is a pipe, so not a terminal). */
function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const sample = (name: string) => join(SAMPLES, name);
/** A one-line message and no stack trace. */
const oneLineError = (err: string) => {
  expect(err.trim().split('\n')).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at /);
};

describe('npm run content:import', () => {
  it('writes the pack into an --out folder, prints the check and a summary, and exits 0', () => {
    const r = cli(['--from', 'gift', sample('gift-unsupported.gift'), '--pack', 'bank', '--out', tmp.dir, '--title', 'My bank']);
    const file = join(tmp.dir, 'bank.md');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('Skipped 9 question(s):\n  line 2 (question 1): essay question ({}) is not supported\n');
    expect(r.out).toMatch(/bank\.md:\d+: warning: question "bank-010": the worked solution is still a TODO placeholder/);
    expect(r.out).toContain(`Wrote ${file}: 1 question(s) imported, 9 skipped, from ${sample('gift-unsupported.gift')}. Check: 0 error(s), 6 warning(s)`);
    const { packs, problems } = loadPacks(file);
    expect(packs.map((p) => [p.id, p.title])).toEqual([['bank', 'My bank']]);
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
  });

  it('writes content/<pack-id>.md by default, and lists only the first 20 warnings', () => {
    const r = cli(['--from', 'gift', sample('gift-valid.gift'), '--pack', 'trivia'], tmp.dir);
    expect(r.code).toBe(0);
    expect(existsSync(join(tmp.dir, 'content', 'trivia.md'))).toBe(true);
    expect(r.out.match(/: warning: /g)).toHaveLength(20);
    expect(r.out).toContain('… and 2 more warning(s); npm run content:check content/trivia.md lists them all.');
  });

  it('refuses to overwrite an existing file unless --force', () => {
    const out = join(tmp.dir, 'sub', 'pack.md');
    const args = ['--from', 'aiken', sample('aiken-valid.txt'), '--pack', 'aik', '--out', out];
    expect(cli(args).code).toBe(0);
    writeFileSync(out, 'keep me');
    const again = cli(args);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`content:import: ${out} already exists; pass --force to overwrite it\n`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect(cli([...args, '--force']).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('## Question: aik-001');
  });

  it.each([
    ['a missing bank', () => ['--from', 'aiken', join(tmp.dir, 'nope.txt'), '--pack', 'x', '--out', tmp.dir], /^content:import: cannot read .*nope\.txt: no such file\n$/],
    ['broken JSON', () => ['--from', 'opentdb', sample('opentdb-broken.json'), '--pack', 'x', '--out', tmp.dir], /^content:import: .*opentdb-broken\.json: not valid JSON \(/],
    ['a bank that is not UTF-8', () => {
      writeFileSync(join(tmp.dir, 'latin1.txt'), Buffer.from('Q1?\nA. caf\xe9\n', 'latin1'));
      return ['--from', 'aiken', join(tmp.dir, 'latin1.txt'), '--pack', 'x', '--out', tmp.dir];
    }, /latin1\.txt: line 2 is not valid UTF-8; save the file as UTF-8\n$/],
    ['an empty bank', () => {
      writeFileSync(join(tmp.dir, 'empty.gift'), '// only a comment\n');
      return ['--from', 'gift', join(tmp.dir, 'empty.gift'), '--pack', 'x', '--out', tmp.dir];
    }, /^content:import: no questions found in .*empty\.gift\n$/],
    ['an --out that is a file but not .md', () => {
      writeFileSync(join(tmp.dir, 'notes.txt'), '');
      return ['--from', 'aiken', sample('aiken-valid.txt'), '--pack', 'x', '--out', join(tmp.dir, 'notes.txt')];
    }, /is a file that does not end in \.md; give a \.md file or a folder\n$/],
  ])('exits 1 with a one-line message for %s', (_name, args, message) => {
    const r = cli(args());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    oneLineError(r.err);
  });

  it('exits 1 when every question is skipped, after listing why, and writes nothing', () => {
    writeFileSync(join(tmp.dir, 'bad.gift'), 'Essay {}\n\nNumber {#3}\n');
    const r = cli(['--from', 'gift', join(tmp.dir, 'bad.gift'), '--pack', 'x', '--out', tmp.dir]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('Skipped 2 question(s):\n  line 1 (question 1): essay question ({}) is not supported\n  line 3 (question 2): numeric question ({#…}) is not supported\n');
    expect(r.err).toMatch(/^content:import: nothing to import: all 2 question\(s\) in .*bad\.gift were skipped\n$/);
    expect(existsSync(join(tmp.dir, 'x.md'))).toBe(false);
  });

  it.each([
    ['an unknown flag', ['--from', 'aiken', 'f.txt', '--pack', 'x', '--bogus'], /Unknown option '--bogus'/],
    ['no --from', ['f.txt', '--pack', 'x'], /missing --from aiken\|gift\|opentdb/],
    ['an unknown format', ['--from', 'csv', 'f.txt', '--pack', 'x'], /unknown format "csv" for --from/],
    ['no bank file', ['--from', 'aiken', '--pack', 'x'], /missing the bank file to import/],
    ['two bank files', ['--from', 'aiken', 'a.txt', 'b.txt', '--pack', 'x'], /one bank file, got 2: a\.txt b\.txt/],
    ['no --pack', ['--from', 'aiken', 'f.txt'], /missing --pack <id>/],
    ['a bad pack id', ['--from', 'aiken', 'f.txt', '--pack', 'My_Pack'], /pack id "My_Pack" must be lowercase letters, digits and "-"/],
    ['a bad difficulty', ['--from', 'aiken', 'f.txt', '--pack', 'x', '--difficulty', 'brutal'], /unknown difficulty "brutal"/],
  ])('exits 2 with the usage for %s', (_name, args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('Usage: npm run content:import -- --from aiken|gift|opentdb <file> --pack <id>');
    expect(r.out).toBe('');
  });

  it('prints the usage for --help and exits 0', () => {
    const r = cli(['--help']);
    expect([r.code, r.out.startsWith('Usage: npm run content:import')]).toEqual([0, true]);
  });

  it('prints progress to stderr with --progress, and nothing when stderr is not a terminal', () => {
    const bank = Array.from({ length: 2500 }, (_, i) => `Question ${i + 1}?\nA. yes\nB. no\nANSWER: A\n`).join('\n');
    writeFileSync(join(tmp.dir, 'big.txt'), bank);
    mkdirSync(join(tmp.dir, 'a'));
    const quiet = cli(['--from', 'aiken', join(tmp.dir, 'big.txt'), '--pack', 'big', '--out', join(tmp.dir, 'a')]);
    expect([quiet.code, quiet.err]).toEqual([0, '']);
    const loud = cli(['--from', 'aiken', join(tmp.dir, 'big.txt'), '--pack', 'big', '--out', join(tmp.dir, 'b'), '--progress']);
    expect(loud.code).toBe(0);
    const lines = loud.err.trim().split('\n');
    expect(lines).toContain('imported 1000/2500 questions…');
    expect(lines).toContain('imported 2000/2500 questions…');
    expect(lines[lines.length - 1]).toBe('imported 2500/2500 questions.');
    for (const l of lines) expect(l).toMatch(/^imported \d+\/2500 questions[….]$/);
    expect(loud.out).toContain('2500 question(s) imported, 0 skipped');
    expect(readFileSync(join(tmp.dir, 'b', 'big.md'), 'utf8')).toBe(readFileSync(join(tmp.dir, 'a', 'big.md'), 'utf8'));
  });
});
