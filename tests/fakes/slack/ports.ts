import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on 127.0.0.1 (listen on 0, read it, close).
 * There is a tiny window in which another process could grab it; alternatively start Bolt with
 * `app.start({ port: 0, host: '127.0.0.1' })` and read the port from the returned `http.Server`.
 */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port of a probe server'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}
