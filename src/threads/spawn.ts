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
 * the whole worker for any of those. The one flag a worker must not inherit is `--input-type` (a script
 * given with -e), which it refuses for a file. Such a process's flags hold the script itself after -e,
 * so none are passed on: the worker's own source registers the TypeScript loader it needs.
 */
function workerFlags(): { execArgv?: string[] } {
  return process.execArgv.some((a) => a.startsWith('--input-type')) ? { execArgv: [] } : {};
}
