/** Starts a worker thread from a module next to the caller, from the built dist/ or from the sources. */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts `name` (without extension) next to the module at `callerUrl` (its `import.meta.url`): in the
 * built dist/ the `.js` file, run by node as it is; from the sources (tsx, vitest) the `.ts` file,
 * loaded through tsx's loader registered in the new thread first (a worker does not inherit the loader
 * of the thread that starts it).
 */
export function spawnWorker(callerUrl: string, name: string, options: Omit<WorkerOptions, 'eval' | 'execArgv'> = {}): Worker {
  const execArgv = workerFlags();
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { ...options, ...execArgv });
  // The package's ESM entry: its CommonJS one resolves relative paths wrongly inside an eval worker.
  const tsx = pathToFileURL(createRequire(callerUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const source = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(new URL(`./${name}.ts`, callerUrl).href)}); });`;
  return new Worker(source, { ...options, eval: true, ...execArgv });
}

/**
 * The process's flags for a worker. Inherited as they are (no `execArgv`), Node keeps what a worker can
 * use and ignores the rest, such as `--max-old-space-size` or `--trace-gc`; given as a list, it refuses
 * the whole worker for any of those. So a list is given only to take out `--input-type` (a script given
 * with -e), which a worker started from a file refuses, and it keeps only the flags that Node accepts in
 * a worker.
 */
function workerFlags(): { execArgv?: string[] } {
  if (!process.execArgv.some((a) => a.startsWith('--input-type'))) return {};
  return { execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type') && acceptedInWorker(a)) };
}

function acceptedInWorker(flag: string): boolean {
  try {
    new Worker('', { eval: true, execArgv: [flag] }).terminate().catch(() => {});
    return true;
  } catch {
    return false;
  }
}
