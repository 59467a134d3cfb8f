/**
 * No container engine runs where Stepwise is built, so the Dockerfile's build steps are held to the
 * steps CI runs (and so proves) in its production-install check: the same npm commands, in order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');

/** Dockerfile instructions with continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  const joined = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n').replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

/** Instructions per stage (each FROM opens one). */
function stages(text: string) {
  const out: { from: string; steps: { op: string; args: string }[] }[] = [];
  for (const i of instructions(text)) {
    if (i.op === 'FROM') out.push({ from: i.args, steps: [] });
    else out[out.length - 1]!.steps.push(i);
  }
  return out;
}

describe('Dockerfile', () => {
  const [build, run] = stages(dockerfile);

  it("runs exactly CI's production-install npm steps, in CI's order, in its build stage", () => {
    const ciSteps = [...ci.matchAll(/^prod_step (.+)$/gm)].map((m) => m[1]!.trim());
    const dockerSteps = build!.steps.filter((s) => s.op === 'RUN' && /^npm\b/.test(s.args)).map((s) => s.args);
    expect(ciSteps).toEqual(['npm ci --no-audit --no-fund', 'npm run build', 'npm prune --omit=dev']);
    expect(dockerSteps).toEqual(ciSteps);
    // And nothing else in the image runs npm: the runtime stage only copies what the build stage made.
    expect(run!.steps.filter((s) => s.op === 'RUN' && /\bnpm\b/.test(s.args))).toEqual([]);
  });

  it('uses the Node major CI runs on', () => {
    const major = process.versions.node.split('.')[0];
    expect(build!.from).toMatch(new RegExp(`^node:${major}-\\S+ AS build$`));
    expect(run!.from).toMatch(new RegExp(`^node:${major}-`));
  });

  it('is multi-stage: the runtime stage copies node_modules and dist from the build stage', () => {
    const copies = run!.steps.filter((s) => s.op === 'COPY').map((s) => s.args);
    expect(copies).toContain('--from=build /app/node_modules ./node_modules');
    expect(copies).toContain('--from=build /app/dist ./dist');
  });

  it('runs as a non-root user, keeps the data folder in a volume, checks /healthz and starts the compiled bot', () => {
    const last = (op: string) => run!.steps.filter((s) => s.op === op).at(-1)?.args ?? '';
    expect(last('USER')).not.toMatch(/^(root|0)$/);
    expect(last('USER')).not.toBe('');
    expect(last('VOLUME')).toContain('/app/data');
    expect(run!.steps.find((s) => s.op === 'ENV')?.args).toContain('STEPWISE_DB=/app/data/stepwise.db');
    expect(last('HEALTHCHECK')).toContain('/healthz');
    expect(JSON.parse(last('CMD'))).toEqual(['node', 'dist/main.js']);
  });
});
