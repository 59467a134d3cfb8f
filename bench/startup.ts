/**
 * Scenario 5: start-up of the real entry point (src/main.ts in a child process, as `npm start` runs
 * it) with Discord and Slack against the fakes, 100 schedules and 10 packs; against the
 * terminal-only start of the same entry point with the bundled content.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord } from '../tests/fakes/discord/index.ts';
import { IDS, startFakeSlack } from '../tests/fakes/slack/index.ts';
import { TSX } from './child-rpc.ts';
import { CONTENT, progress, quantile, type Figure } from './lib.ts';
import { seedSchedules, writePacks } from './startup-fixtures.ts';

const MAIN = join(import.meta.dirname, '..', 'src', 'main.ts');
const TIME = '/usr/bin/time';

/** One start: time to the `stepwise.ready` log line, peak RSS, what ready reported, and the exit code after SIGTERM. */
export interface Start {
  readyMs: number;
  firstStdoutMs?: number;
  peakKb: number;
  /** VmHWM read right after ready, to compare with the whole-life peak. */
  hwmKb: number;
  ready: { platforms?: string[]; packs?: number };
  schedules?: number;
  exitCode: number | null;
}

/** The node process behind `/usr/bin/time` (its only child), or the spawned pid itself. */
function nodePid(pid: number, timed: boolean): number {
  if (!timed) return pid;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
  return Number(children[0]);
}

const vmHwmKb = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/**
 * Starts the entry point in `cwd` with exactly `env`, waits (on its output, no sleeping) for
 * `stepwise.ready`, sends SIGTERM and waits for the exit. Peak RSS comes from `/usr/bin/time -v`
 * (the whole life of the process, which ends right after ready) or else VmHWM read at ready.
 */
export async function measureStart(cwd: string, env: Record<string, string>, entry: string[] = ['--import', TSX, MAIN]): Promise<Start> {
  const timed = existsSync(TIME);
  const node = [process.execPath, ...entry];
  const start = performance.now();
  // stdin stays open: the terminal chat would end (and exit) at the end of its input.
  const child = spawn(timed ? TIME : node[0]!, timed ? ['-v', ...node] : node.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let firstStdoutMs: number | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout.on('data', () => (firstStdoutMs ??= performance.now() - start));
  const ready = await new Promise<{ ms: number; line: Record<string, unknown> }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no stepwise.ready within 60 s; stderr:\n${stderr.slice(-3000)}`)), 60_000);
    child.stderr.on('data', (d: Buffer) => {
      const ms = performance.now() - start;
      stderr += d;
      const line = stderr.split('\n').find((l) => l.includes('"event":"stepwise.ready"'));
      if (line) (clearTimeout(timer), resolve({ ms, line: JSON.parse(line) as Record<string, unknown> }));
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before ready; stderr:\n${stderr.slice(-3000)}`)));
  });
  const pid = nodePid(child.pid!, timed);
  const hwm = vmHwmKb(pid);
  process.kill(pid, 'SIGTERM');
  const code = await exited;
  const peak = timed ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0) : hwm;
  const scheduler = stderr.split('\n').find((l) => l.includes('"event":"scheduler.started"'));
  return {
    readyMs: ready.ms,
    ...(firstStdoutMs !== undefined ? { firstStdoutMs } : {}),
    peakKb: peak,
    hwmKb: hwm,
    ready: ready.line as Start['ready'],
    ...(scheduler ? { schedules: (JSON.parse(scheduler) as { schedules: number }).schedules } : {}),
    exitCode: code,
  };
}

/** Scenario 5: `runs` starts of each kind, alternating, reported as medians. */
export async function startup(runs: number): Promise<Figure[]> {
  const discord = await startFakeDiscord();
  const slack = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-start-'));
  const tick = progress(`startup: ${runs} start(s) each, both adapters and terminal only`);
  try {
    const content = join(dir, 'content');
    const packIds = writePacks(content, 10);
    const base = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info' };
    const ours: Start[] = [];
    const terminal: Start[] = [];
    for (let i = 0; i < runs; i++) {
      const db = join(dir, `both-${i}.db`);
      const targets = [
        { platform: 'discord', workspace: discord.state.guild.id, channel: discord.state.channel.id },
        { platform: 'slack', workspace: IDS.team, channel: IDS.quizChannel },
      ];
      seedSchedules(db, 100, targets, packIds);
      ours.push(
        await measureStart(dir, {
          ...base,
          STEPWISE_DB: db,
          STEPWISE_CONTENT: content,
          DISCORD_TOKEN: discord.token,
          DISCORD_API_URL: discord.apiUrl,
          DISCORD_GUILD_ID: discord.state.guild.id,
          SLACK_BOT_TOKEN: slack.botToken,
          SLACK_SIGNING_SECRET: 'stepwise-bench-signing-secret',
          PORT: '0',
          SLACK_API_URL: slack.apiUrl,
        }),
      );
      tick(2 * i + 1, 2 * runs);
      terminal.push(await measureStart(dir, { ...base, STEPWISE_DB: join(dir, `terminal-${i}.db`), STEPWISE_CONTENT: CONTENT }));
      tick(2 * i + 2, 2 * runs);
    }
    const median = (xs: number[]) => quantile(xs, 0.5);
    const readyMs = median(ours.map((s) => s.readyMs));
    const baseReadyMs = median(terminal.map((s) => s.readyMs));
    const peakMb = median(ours.map((s) => s.peakKb)) / 1024;
    const basePeakMb = median(terminal.map((s) => s.peakKb)) / 1024;
    const firstOutput = median(terminal.map((s) => s.firstStdoutMs ?? 0));
    const last = ours[ours.length - 1]!;
    const loaded = `${last.ready.packs ?? '?'} packs, ${last.schedules ?? '?'} schedules armed, ${(last.ready.platforms ?? []).join('+')}`;
    const rss = existsSync(TIME) ? 'peak RSS (time -v)' : 'peak RSS (VmHWM at ready)';
    process.stderr.write(`  startup: ${loaded}; terminal-only first output at ${Math.round(firstOutput)} ms, its ready line at ${Math.round(baseReadyMs)} ms; VmHWM at ready ${Math.round(last.hwmKb / 1024)} MiB\n`);
    const allOk = [...ours, ...terminal].every((s) => s.exitCode === 0);
    const shapeOk = last.ready.packs === 10 && last.schedules === 100 && ['discord', 'slack'].every((p) => last.ready.platforms?.includes(p));
    return [
      // The baseline's figure is its own stepwise.ready line: the terminal prints its first output right after it.
      { scenario: 'startup', metric: 'time to stepwise.ready', value: readyMs, unit: 'ms', baseline: baseReadyMs, ratio: baseReadyMs / readyMs, target: '10 packs, 100 schedules, both adapters', pass: shapeOk },
      { scenario: 'startup', metric: rss, value: peakMb, unit: 'MiB', baseline: basePeakMb, ratio: basePeakMb / peakMb },
      { scenario: 'startup', metric: 'exit code after SIGTERM', value: last.exitCode ?? -1, unit: '', baseline: terminal[terminal.length - 1]!.exitCode ?? -1, target: '= 0 every run', pass: allOk },
    ];
  } finally {
    await discord.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
