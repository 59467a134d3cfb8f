/** Work still running after Slack got its ack, so shutting down can wait for it. */

/** Tracks listener work still running after the ack, so `stop()` can wait for it. */
export function createInflight() {
  const running = new Set<Promise<unknown>>();
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      const p = work();
      running.add(p);
      void p.then(
        () => running.delete(p),
        () => running.delete(p),
      );
      return p;
    },
    async idle(): Promise<void> {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}
